package io.countersign.selfservice;

import java.util.List;

import io.countersign.config.Flow;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.flow.Methods;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which flow each stage runs, in one table, checked against the flow switches and the confirmation and reset methods
 * ({@code countersign.flows}, {@code countersign.hooks}) before a process starts or takes a step: a process with a
 * stage whose flow is off answers 403 {@code flow_disabled} as a whole, like every other edge, instead of running up
 * to that stage (and, say, signing someone up who then cannot confirm the address).
 */
@ApplicationScoped
public class StageFlows {

    private final Methods methods;

    public StageFlows(Methods methods) {
        this.methods = methods;
    }

    /** Fails with {@code flow_disabled} when a stage of the process needs a flow this configuration does not offer. */
    public Uni<Void> require(ProcessDefinition process) {
        return Uni.createFrom().item(() -> {
            check(process);
            return null;
        });
    }

    void check(ProcessDefinition process) {
        List<Stage> stages = process.stages();
        for (int i = 0; i < stages.size(); i++) {
            switch (stages.get(i).type()) {
                case "userDetails" -> methods.require(Flow.SIGN_UP);
                case "emailValidation", "smsValidation" -> {
                    if (process.before("userDetails", i)) {
                        // the code of the sign-up's verification message
                        methods.require(Flow.VERIFY_CODE);
                        if (!methods.confirmsByMessage()) {
                            throw new FlowException(ErrorCode.FLOW_DISABLED, "Accounts are not confirmed by a message here, "
                                    + "so this process cannot prove the address.");
                        }
                    } else {
                        // the reset message, by e-mail or SMS (not with the reset hook)
                        methods.require(Methods.Variant.FORGOT_MESSAGE);
                    }
                }
                case "resetStage" -> methods.require(Flow.RESET);
                default -> {
                    // userQuery, validateActiveAccount, termsAndConditions, consent, usernameRetrieval and the
                    // stages of other features run no switchable flow
                }
            }
        }
    }
}
