package io.countersign.selfservice;

import java.util.List;
import java.util.Map;

import io.countersign.captcha.CaptchaProvider;
import io.countersign.captcha.CaptchaVerifier;
import io.countersign.error.FlowException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * captcha: the person solves the configured provider's captcha (docs/captcha.md). The requirements name the provider,
 * the site key, the widget script and (reCAPTCHA v3) the action, so a generic front end can render the widget; the
 * {@code response} is checked with the provider's site-verify API. A refused or missing response keeps the process
 * here; a provider that cannot be asked answers 503 with {@code Retry-After}, never a pass.
 */
@ApplicationScoped
public class CaptchaStage implements Stage {

    private final CaptchaVerifier captcha;

    public CaptchaStage(CaptchaVerifier captcha) {
        this.captcha = captcha;
    }

    @Override
    public String type() {
        return "captcha";
    }

    @Override
    public void configured(String process) {
        if (captcha.provider() == CaptchaProvider.NONE) {
            throw new IllegalStateException("countersign.selfservice.processes." + process + ".stages names captcha, but "
                    + "countersign.captcha.provider is none; set a provider (docs/captcha.md)");
        }
    }

    @Override
    public Map<String, Object> requirements(Snapshot snapshot, ProcessDefinition process) {
        Map<String, Object> properties = Schemas.properties();
        properties.put("response", Schemas.string("The token the captcha widget produced", 1, CaptchaVerifier.MAX_RESPONSE));
        Map<String, Object> schema = Schemas.object("Prove that you are a person", properties, List.of("response"));
        CaptchaProvider provider = captcha.provider();
        if (provider != CaptchaProvider.NONE) {
            schema.put("provider", provider.wireName());
            schema.put("siteKey", captcha.siteKey());
            schema.put("script", provider.script(captcha.siteKey()));
            if (provider == CaptchaProvider.RECAPTCHA_V3) {
                schema.put("action", captcha.action());
            }
        }
        return schema;
    }

    @Override
    public Uni<Snapshot> submit(Snapshot snapshot, Map<String, Object> input, ProcessDefinition process) {
        return captcha.check(Inputs.text(input, "response"))
                .onFailure(FlowException.class).transform(e -> {
                    FlowException refusal = (FlowException) e;
                    // the stage's field is response; an outage keeps its own type (503 with Retry-After)
                    return refusal.code().status() == 503 ? refusal : new FlowException(refusal.code(), refusal.getMessage(), "response");
                })
                .replaceWith(snapshot);
    }
}
