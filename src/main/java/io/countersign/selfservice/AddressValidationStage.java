package io.countersign.selfservice;

import java.util.List;
import java.util.Map;

import io.countersign.flow.NotifierOptions;
import io.countersign.flow.PasswordResetService;
import io.countersign.flow.VerificationService;
import io.countersign.security.LimitedAction;
import io.countersign.security.RateLimiter;
import io.countersign.user.User;
import io.smallrye.mutiny.Uni;

/**
 * emailValidation and smsValidation: the person proves the address by the code sent to it, through the one
 * verification or reset flow (the outbox and the notifier carry the message; the same cooldowns, attempt budgets,
 * rate limits, audit and enumeration protection apply).
 * <ul>
 * <li>After userDetails (registration): the sign-up already sent the verification message; the code verifies the new
 * account and sets the password chosen in userDetails ({@code VerificationService.verifyByCode}).</li>
 * <li>Otherwise (an existing account named by userQuery): entering the stage sends the reset message, like
 * {@code POST /password/forgot} (nothing to an unknown or inactive account, answered alike); the code proves the address
 * ({@code PasswordResetService.proveByCode}) for a resetStage or usernameRetrieval after it.</li>
 * </ul>
 */
abstract class AddressValidationStage implements Stage {

    private final PasswordResetService reset;
    private final VerificationService verification;
    private final RateLimiter limits;

    AddressValidationStage(PasswordResetService reset, VerificationService verification, RateLimiter limits) {
        this.reset = reset;
        this.verification = verification;
        this.limits = limits;
    }

    /** The transport the message takes: {@code email} or {@code sms}. */
    abstract String channel();

    @Override
    public Map<String, Object> requirements(Snapshot snapshot, ProcessDefinition process) {
        Map<String, Object> properties = Schemas.properties();
        properties.put("code", Schemas.pattern("The code in the message just sent to your "
                + ("sms".equals(channel()) ? "phone" : "e-mail address"), "^[0-9]{4,10}$", 10));
        return Schemas.object("Enter the code we sent you", properties, List.of("code"));
    }

    @Override
    public Uni<Snapshot> enter(Snapshot snapshot, ProcessDefinition process) {
        if (snapshot.has(Facts.REGISTERED)) {
            return Uni.createFrom().item(snapshot);
        }
        return limits.check(LimitedAction.FORGOT, Facts.accountKey(snapshot))
                .chain(() -> reset.sendReset(Facts.identity(snapshot), NotifierOptions.check(Map.of(NotifierOptions.TRANSPORT, channel(),
                        NotifierOptions.SELFSERVICE_PROCESS, process.name()))))
                .replaceWith(snapshot);
    }

    @Override
    public Uni<Snapshot> submit(Snapshot snapshot, Map<String, Object> input, ProcessDefinition process) {
        String code = Inputs.text(input, "code");
        Uni<User> proved = limits.check(LimitedAction.CODE, Facts.accountKey(snapshot))
                .chain(() -> snapshot.has(Facts.REGISTERED)
                        ? verification.verifyByCode(Facts.identity(snapshot), code, snapshot.get(Facts.PASSWORD))
                        : reset.proveByCode(Facts.identity(snapshot), code));
        return proved.map(user -> snapshot.with(Facts.PASSWORD, null).with(Facts.USER, user.id.toString())
                .with(Facts.EPOCH, String.valueOf(user.sessionEpoch)));
    }
}
