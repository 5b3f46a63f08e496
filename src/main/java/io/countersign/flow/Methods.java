package io.countersign.flow;

import io.countersign.config.Flow;
import io.countersign.config.FlowSwitches;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.hook.HooksConfig;
import io.countersign.hook.HooksConfig.ConfirmationMethod;
import io.countersign.hook.HooksConfig.ResetMethod;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which variant of a flow this configuration offers: the switches ({@code countersign.flows}) and the confirmation and
 * reset methods ({@code countersign.hooks}). A variant of another method answers {@code flow_disabled} too: with the
 * hook, nothing sends e-mail; with e-mail, there is no hook to run.
 */
@ApplicationScoped
public class Methods {

    /** The variants the edges offer, each of one switchable flow. */
    public enum Variant {
        /** Resend by e-mail/SMS: off with the confirmation hook. */
        RESEND_MESSAGE(Flow.RESEND),
        /** Run the confirmation hook again: only with the confirmation hook. */
        RETRY_HOOK(Flow.RESEND),
        /** Forgot by e-mail/SMS: off with the reset hook. */
        FORGOT_MESSAGE(Flow.RESET),
        /** Reset by the hook: only with the reset hook. */
        RESET_HOOK(Flow.RESET);

        private final Flow flow;

        Variant(Flow flow) {
            this.flow = flow;
        }

        public Flow flow() {
            return flow;
        }
    }

    private final FlowSwitches switches;
    private final HooksConfig hooks;

    public Methods(FlowSwitches switches, HooksConfig hooks) {
        this.switches = switches;
        this.hooks = hooks;
    }

    public ConfirmationMethod confirmation() {
        return hooks.confirmationMethod();
    }

    /** Whether a sign-up is confirmed by a message with a link and code (not at once, not by the application's hook). */
    public boolean confirmsByMessage() {
        return hooks.confirmationMethod() == ConfirmationMethod.EMAIL;
    }

    public boolean offered(Flow flow) {
        return switches.enabled(flow);
    }

    public boolean offered(Variant variant) {
        if (!switches.enabled(variant.flow())) {
            return false;
        }
        return switch (variant) {
            case RESEND_MESSAGE -> hooks.confirmationMethod() != ConfirmationMethod.HOOK;
            case RETRY_HOOK -> hooks.confirmationMethod() == ConfirmationMethod.HOOK;
            case FORGOT_MESSAGE -> hooks.resetMethod() == ResetMethod.EMAIL;
            case RESET_HOOK -> hooks.resetMethod() == ResetMethod.HOOK;
        };
    }

    /** @throws FlowException {@code flow_disabled} when the flow is switched off */
    public void require(Flow flow) {
        if (!offered(flow)) {
            throw new FlowException(ErrorCode.FLOW_DISABLED, FlowSwitches.offMessage(flow));
        }
    }

    /** @throws FlowException {@code flow_disabled} when the variant's flow is off or the method is another */
    public void require(Variant variant) {
        require(variant.flow());
        if (!offered(variant)) {
            throw new FlowException(ErrorCode.FLOW_DISABLED, switch (variant) {
                case RESEND_MESSAGE -> "Accounts are confirmed by the application here: use POST /verification/retry.";
                case RETRY_HOOK -> "Accounts are not confirmed by a hook here: use POST /verification/resend.";
                case FORGOT_MESSAGE -> "Passwords are reset through the application here: use POST /password/reset-by-hook.";
                case RESET_HOOK -> "Passwords are not reset by a hook here: use POST /password/forgot.";
            });
        }
    }
}
