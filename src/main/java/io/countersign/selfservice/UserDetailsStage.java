package io.countersign.selfservice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.countersign.flow.NotifierOptions;
import io.countersign.flow.PasswordPolicy;
import io.countersign.flow.SignUpCommand;
import io.countersign.flow.SignUpService;
import io.countersign.security.AccountKey;
import io.countersign.security.LimitedAction;
import io.countersign.security.RateLimiter;
import io.countersign.user.Identity;
import io.countersign.user.User;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * userDetails: the registration fields, signed up through the one sign-up flow ({@code SignUpService}): the password
 * policy, the uniqueness rules, the verification message and the enumeration protection are the sign-up's (a
 * registered address creates nothing, its owner is told, and the process goes on alike). The account is created
 * unverified; an emailValidation or smsValidation after this stage verifies it and sets the password chosen here.
 */
@ApplicationScoped
public class UserDetailsStage implements Stage {

    private final SignUpService signUp;
    private final PasswordPolicy policy;
    private final RateLimiter limits;

    public UserDetailsStage(SignUpService signUp, PasswordPolicy policy, RateLimiter limits) {
        this.signUp = signUp;
        this.policy = policy;
        this.limits = limits;
    }

    @Override
    public String type() {
        return "userDetails";
    }

    @Override
    public Map<String, Object> requirements(Snapshot snapshot, ProcessDefinition process) {
        boolean sms = process.has("smsValidation");
        Map<String, Object> properties = Schemas.properties();
        properties.put(Identity.EMAIL, Schemas.identity(Identity.EMAIL));
        properties.put(Identity.PHONE, Schemas.identity(Identity.PHONE));
        properties.put(Identity.USERNAME, Schemas.identity(Identity.USERNAME));
        properties.put("displayName", Schemas.string("Your name, as messages address you", 1, 100));
        Map<String, Object> password = Schemas.string("A password: 8 to 128 characters, not a common password, not your "
                + "own e-mail, phone or username, and hard enough to guess (strength " + policy.minStrength()
                + " of 4 at least)", 8, 128);
        password.put("format", "password");
        properties.put("password", password);
        properties.put("locale", Schemas.pattern("Your language, e.g. en or de", "^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}$", 35));
        List<String> required = new ArrayList<>();
        required.add(sms ? Identity.PHONE : Identity.EMAIL);
        required.add("password");
        return Schemas.object("Your account", properties, required);
    }

    @Override
    public Uni<Snapshot> submit(Snapshot snapshot, Map<String, Object> input, ProcessDefinition process) {
        boolean sms = process.has("smsValidation");
        String email = Inputs.text(input, Identity.EMAIL);
        String phone = Inputs.text(input, Identity.PHONE);
        String username = Inputs.text(input, Identity.USERNAME);
        String password = Inputs.text(input, "password");
        SignUpCommand command = new SignUpCommand(email, phone, username, password, Inputs.text(input, "displayName"),
                sms ? User.CHANNEL_SMS : User.CHANNEL_EMAIL, Inputs.text(input, "locale"),
                // the verification message's link continues this process on the generic page
                Map.of(NotifierOptions.SELFSERVICE_PROCESS, process.name()));
        return limits.check(LimitedAction.SIGN_UP, AccountKey.of(email, phone, username))
                // terms accepted earlier in the process are recorded with the new account (and checked like a sign-up's)
                .chain(() -> snapshot.has(Facts.TERMS) ? signUp.signUp(command, snapshot.get(Facts.TERMS)) : signUp.signUp(command))
                .map(created -> {
                    // the address the code goes to names the account for the validation stage, whether or not an
                    // account was created (a registered address: nothing was, and no code will match)
                    Snapshot next = snapshot.with(Facts.REGISTERED, "true").with(Facts.PASSWORD, password);
                    return Facts.withIdentity(next, sms ? Identity.of(Map.of(Identity.PHONE, phone))
                            : Identity.email(email));
                });
    }
}
