package io.countersign.selfservice;

import java.util.List;
import java.util.Map;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** consent: the person agrees that the account's data is processed to run the account (GDPR Art. 6(1)(a)). */
@ApplicationScoped
public class ConsentStage implements Stage {

    @Override
    public String type() {
        return "consent";
    }

    @Override
    public Map<String, Object> requirements(Snapshot snapshot, ProcessDefinition process) {
        Map<String, Object> properties = Schemas.properties();
        properties.put("consentGiven", Schemas.accept("I agree that my e-mail address, phone number and name are "
                + "processed to run my account and to send me its messages"));
        return Schemas.object("Consent", properties, List.of("consentGiven"));
    }

    @Override
    public Uni<Snapshot> submit(Snapshot snapshot, Map<String, Object> input, ProcessDefinition process) {
        return Uni.createFrom().item(snapshot.with(Facts.CONSENT, "true"));
    }
}
