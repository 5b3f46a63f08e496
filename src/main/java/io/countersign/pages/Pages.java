package io.countersign.pages;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.countersign.captcha.CaptchaProvider;
import io.countersign.captcha.CaptchaVerifier;
import io.countersign.captcha.CaptchaVerifier.Guard;
import io.quarkus.qute.Engine;
import io.smallrye.mutiny.Uni;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Renders the hosted pages ({@code templates/pages/}) and builds their answers: the common template data
 * (language, product, logo, CSRF field), the cookies (CSRF secret, remembered language, the link token) and
 * the redirects. Security headers are added by {@link PageHeaders}.
 */
@ApplicationScoped
public class Pages {

    static final String HTML = "text/html;charset=UTF-8";

    private final Engine engine;
    private final PagesConfig config;
    private final PageLanguage languages;
    private final PageCsrf csrf;
    private final PageFlows flows;
    private final CaptchaVerifier captcha;

    public Pages(Engine engine, PagesConfig config, PageLanguage languages, PageCsrf csrf, PageFlows flows, CaptchaVerifier captcha) {
        this.flows = flows;
        this.captcha = captcha;
        this.engine = engine;
        this.config = config;
        this.languages = languages;
        this.csrf = csrf;
    }

    public PageRequest request(HttpHeaders headers, UriInfo uri, String langParam) {
        return PageRequest.of(headers, uri, langParam, languages, csrf);
    }

    public boolean csrfValid(PageRequest request, String formToken) {
        return !request.newCsrf() && csrf.valid(request.csrfSecret(), formToken);
    }

    public String productName() {
        return config.productName();
    }

    /** Renders {@code pages/<name>.html} with the given data and status. */
    public Response render(PageRequest request, int status, String name, Map<String, Object> data) {
        Template template = engine.getTemplate("pages/" + name + ".html");
        if (template == null) {
            throw new IllegalStateException("no page template " + name);
        }
        Map<String, Object> all = new HashMap<>();
        all.put("lang", request.language());
        all.put("product", config.productName());
        all.put("logoUrl", config.logoUrl().orElse(""));
        all.put("languageLabel", request.text().language());
        all.put("footer", request.text().footer(config.productName()));
        all.put("csrf", csrf.formToken(request.csrfSecret()));
        all.put("problemHeading", request.text().problemHeading());
        for (String optional : new String[] { "tone", "error", "altHref", "altText", "offerAction", "offerToken",
                "offerButton", "codeLabel", "identity", "token", "captchaScript", "captchaClass", "captchaSiteKey",
                "captchaAction", "captchaField" }) {
            all.put(optional, "");
        }
        all.putAll(data);
        // no link or button to a page of a switched-off flow
        for (String link : new String[] { "altHref", "offerAction" }) {
            if (!flows.offered(String.valueOf(all.get(link)))) {
                all.put(link, "");
            }
        }
        var instance = template.instance();
        all.forEach(instance::data);
        Response.ResponseBuilder answer = Response.status(status).type(HTML).header("Content-Language", request.language())
                .entity(instance.render());
        return withCookies(request, answer).build();
    }

    /** Post/redirect/get: 303 to a page of this server. */
    /**
     * The wording of an identify form (forgot password, new verification link): what differs between the two, and the
     * captcha guard of its flow.
     */
    public record IdentifyForm(String title, String intro, String action, String button, String altHref, Guard captcha) {
    }

    /** Which captcha response the form sent: the field of the configured provider's widget. */
    public String captchaResponse(PageCaptcha form) {
        return form.response(captcha.provider());
    }

    /** The captcha check of a submitted form: passes at once when the flow is not guarded. */
    public Uni<Void> checkCaptcha(Guard guard, PageCaptcha form) {
        return captcha.guard(guard, captchaResponse(form));
    }

    /** The widget of the configured provider in a guarded form (script, element, or for reCAPTCHA v3 the action). */
    private Map<String, Object> widget(Guard guard) {
        return guard == null || !captcha.guards(guard) ? Map.of() : captchaWidget();
    }

    /** The form field the configured provider's widget fills; null without a provider. */
    public String captchaField() {
        CaptchaProvider provider = captcha.provider();
        return provider == CaptchaProvider.NONE ? null : provider.formField();
    }

    /**
     * The configured provider's widget for a form (the generic page's captcha stage too): its script, element, or for
     * reCAPTCHA v3 the action; nothing without a provider.
     */
    public Map<String, Object> captchaWidget() {
        CaptchaProvider provider = captcha.provider();
        if (provider == CaptchaProvider.NONE) {
            return Map.of();
        }
        Map<String, Object> data = new HashMap<>();
        data.put("captchaScript", provider.script(captcha.siteKey()));
        data.put("captchaSiteKey", captcha.siteKey());
        data.put("captchaField", provider.formField());
        if (provider.widgetClass() != null) {
            data.put("captchaClass", provider.widgetClass());
        } else {
            data.put("captchaAction", captcha.action());
        }
        return data;
    }

    /** An identify form ("e-mail, phone or username"), empty or again with the refusal of the last submission. */
    public Response identifyPage(PageRequest request, int status, IdentifyForm form, String identity, String error) {
        PageMessages t = request.text();
        Map<String, Object> data = new HashMap<>(Map.of("title", form.title(), "intro", form.intro(),
                "action", form.action(), "identityLabel", t.identityLabel(), "identityHint", t.identityHint(),
                "button", form.button(), "identity", identity == null ? "" : identity, "error", error,
                "altHref", form.altHref(), "altText", t.codeLink()));
        data.putAll(widget(form.captcha()));
        return render(request, status, "identify", data);
    }

    /** "If the account exists, a message is on its way": the same page whoever was named. */
    public Response sentPage(PageRequest request) {
        return render(request, 200, "message", Map.of("title", request.text().sentTitle(), "tone", "ok",
                "paragraphs", List.of(request.text().sentText())));
    }

    public Response seeOther(PageRequest request, String path, NewCookie... extra) {
        Response.ResponseBuilder answer = Response.seeOther(URI.create(path));
        withCookies(request, answer);
        for (NewCookie cookie : extra) {
            answer.cookie(cookie);
        }
        return answer.build();
    }

    /**
     * Answers a link opened with a well-formed token in the address (the caller checks the form, so that
     * nothing but base64url and a dot reaches the cookie header): 303 to the same page without the token, which
     * travels in a short-lived HttpOnly cookie scoped to that page, so that it leaves the address bar, the
     * history and the Referer of anything the page loads.
     */
    public Response stashLinkToken(PageRequest request, String path, String token) {
        return seeOther(request, path, linkCookie(request, path, token, config.linkCookieLifetime()));
    }

    /** Deletes the link cookie of a page once its token is spent. */
    public NewCookie forgetLinkToken(PageRequest request, String path) {
        return linkCookie(request, path, "", Duration.ZERO);
    }

    private NewCookie linkCookie(PageRequest request, String path, String token, Duration lifetime) {
        // SameSite=Lax, not Strict: a link clicked in a web mailer is a cross-site navigation, and Chromium does
        // not send Strict cookies on the redirect that follows it. Lax cookies go only with top-level GETs,
        // and the page's form still needs the CSRF field.
        return new NewCookie.Builder(PageRequest.LINK_COOKIE).value(token).path(path).httpOnly(true)
                .secure(request.secure()).sameSite(NewCookie.SameSite.LAX).maxAge((int) lifetime.toSeconds()).build();
    }

    private Response.ResponseBuilder withCookies(PageRequest request, Response.ResponseBuilder answer) {
        if (request.newCsrf()) {
            answer.cookie(new NewCookie.Builder(PageCsrf.COOKIE).value(request.csrfSecret()).path("/pages").httpOnly(true)
                    .secure(request.secure()).sameSite(NewCookie.SameSite.STRICT).build());
        }
        if (request.rememberLanguage()) {
            answer.cookie(new NewCookie.Builder(PageLanguage.COOKIE).value(request.language()).path("/pages")
                    .secure(request.secure()).sameSite(NewCookie.SameSite.LAX).maxAge((int) Duration.ofDays(365).toSeconds())
                    .build());
        }
        return answer;
    }
}
