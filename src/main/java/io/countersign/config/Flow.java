package io.countersign.config;

/**
 * The self-service flows an operator can switch off one by one ({@link FlowsConfig}). Each edge names the flow of
 * each of its operations: the resource API by {@code web/FlowSwitch}, the compat actions in {@code compat/Action},
 * the hosted pages in {@code pages/PageFlows}.
 */
public enum Flow {
    SIGN_UP("sign-up", "sign-up"),
    VERIFY_LINK("verify-link", "verification by link"),
    VERIFY_CODE("verify-code", "verification by code"),
    RESEND("resend", "new verification messages"),
    RESET("reset", "password reset"),
    PASSWORD_CHANGE("password-change", "password change"),
    IDENTITY_CHANGE("identity-change", "email or phone change"),
    LOGIN("login", "login with a password");

    private final String configName;
    private final String title;

    Flow(String configName, String title) {
        this.configName = configName;
        this.title = title;
    }

    /** What the flow is, for people (answers and pages). */
    public String title() {
        return title;
    }

    /** The name in {@code countersign.flows.<name>.enabled}. */
    public String configName() {
        return configName;
    }
}
