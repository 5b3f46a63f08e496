package io.countersign.selfservice;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.countersign.flow.Terms;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * termsAndConditions: the person accepts the terms in force ({@code countersign.terms.*}, {@link Terms}). On an account
 * proved earlier in the process (emailValidation, smsValidation) the acceptance is recorded at once (version, time,
 * client IP, {@code terms_accepted}); before userDetails it is recorded with the account the sign-up creates. Processes
 * refuse at start-up any other place, where there would be no account to record it on.
 */
@ApplicationScoped
public class TermsStage implements Stage {

    static final String TYPE = "termsAndConditions";

    private final Terms terms;

    public TermsStage(Terms terms) {
        this.terms = terms;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Map<String, Object> requirements(Snapshot snapshot, ProcessDefinition process) {
        Map<String, Object> properties = Schemas.properties();
        properties.put("accept", Schemas.accept("I accept the terms and conditions, version " + terms.version()
                + " (" + terms.url() + ")"));
        Map<String, Object> schema = Schemas.object("Terms and conditions", properties, List.of("accept"));
        schema.put("termsVersion", terms.version());
        schema.put("termsUrl", terms.url());
        return schema;
    }

    @Override
    public Uni<Snapshot> submit(Snapshot snapshot, Map<String, Object> input, ProcessDefinition process) {
        Snapshot accepted = snapshot.with(Facts.TERMS, terms.version());
        if (!snapshot.has(Facts.USER)) {
            return Uni.createFrom().item(accepted); // userDetails comes next and records it with the new account
        }
        return terms.recordProven(UUID.fromString(snapshot.get(Facts.USER))).replaceWith(accepted);
    }

    /**
     * Why the stage at {@code index} cannot record an acceptance, or null when it can: it needs a userDetails after it
     * or an address proved (emailValidation, smsValidation) before it.
     */
    static String misplaced(ProcessDefinition process, int index) {
        boolean proved = process.before("emailValidation", index) || process.before("smsValidation", index);
        boolean signUpAfter = process.stages().subList(index + 1, process.stages().size()).stream()
                .anyMatch(s -> s.type().equals("userDetails"));
        if (proved || signUpAfter && !process.before("userDetails", index)) {
            return null;
        }
        return TYPE + " must come before userDetails (the acceptance is recorded with the new account) or after "
                + "emailValidation or smsValidation (recorded on the proved account)";
    }
}
