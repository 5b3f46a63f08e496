package io.countersign.selfservice;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.flow.PasswordPolicy;
import io.countersign.flow.PasswordResetService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * resetStage: the new password, for the account whose address an emailValidation or smsValidation before it proved.
 * The one reset flow sets it ({@code PasswordResetService.resetProven}): the policy, the revoked sessions, the
 * "password reset" notice and the audit entry are those of every reset.
 */
@ApplicationScoped
public class ResetStage implements Stage {

    private final PasswordResetService reset;
    private final PasswordPolicy policy;

    public ResetStage(PasswordResetService reset, PasswordPolicy policy) {
        this.reset = reset;
        this.policy = policy;
    }

    @Override
    public String type() {
        return "resetStage";
    }

    @Override
    public Map<String, Object> requirements(Snapshot snapshot, ProcessDefinition process) {
        Map<String, Object> password = Schemas.string("The new password: 8 to 128 characters, not a common password, not "
                + "your own e-mail, phone or username, and hard enough to guess (strength " + policy.minStrength()
                + " of 4 at least)", 8, 128);
        password.put("format", "password");
        Map<String, Object> properties = Schemas.properties();
        properties.put("password", password);
        return Schemas.object("Choose a new password", properties, List.of("password"));
    }

    @Override
    public Uni<Snapshot> submit(Snapshot snapshot, Map<String, Object> input, ProcessDefinition process) {
        if (!snapshot.has(Facts.USER)) {
            return Uni.createFrom().failure(new FlowException(ErrorCode.INVALID_REQUEST,
                    "No address was proved before this stage; configure emailValidation or smsValidation before it."));
        }
        return reset.resetProven(UUID.fromString(snapshot.get(Facts.USER)), Integer.parseInt(snapshot.get(Facts.EPOCH)),
                Inputs.text(input, "password")).map(user -> snapshot.with(Facts.EPOCH, String.valueOf(user.sessionEpoch)));
    }
}
