package io.countersign.config;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

/** The one place that says whether a flow is on ({@link FlowsConfig}), for every edge. */
@ApplicationScoped
public class FlowSwitches {

    private final Map<Flow, Boolean> enabled = new EnumMap<>(Flow.class);

    public FlowSwitches(FlowsConfig config) {
        enabled.put(Flow.SIGN_UP, config.signUp().enabled());
        enabled.put(Flow.VERIFY_LINK, config.verifyLink().enabled());
        enabled.put(Flow.VERIFY_CODE, config.verifyCode().enabled());
        enabled.put(Flow.RESEND, config.resend().enabled());
        enabled.put(Flow.RESET, config.reset().enabled());
        enabled.put(Flow.PASSWORD_CHANGE, config.passwordChange().enabled());
        enabled.put(Flow.IDENTITY_CHANGE, config.identityChange().enabled());
        enabled.put(Flow.LOGIN, config.login().enabled());
    }

    public boolean enabled(Flow flow) {
        return enabled.get(flow);
    }

    /** The message of a switched-off flow's refusal (no setting names: the caller only learns that it is off). */
    public static String offMessage(Flow flow) {
        return "This service does not offer " + flow.title() + ".";
    }
}
