package io.countersign.selfservice;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** termsAndConditions: the person accepts the terms in force ({@code countersign.selfservice.terms.version}). */
@ApplicationScoped
public class TermsStage implements Stage {

    private final SelfServiceConfig config;

    public TermsStage(SelfServiceConfig config) {
        this.config = config;
    }

    @Override
    public String type() {
        return "termsAndConditions";
    }

    @Override
    public Map<String, Object> requirements(Snapshot snapshot, ProcessDefinition process) {
        Map<String, Object> properties = Schemas.properties();
        properties.put("accept", Schemas.accept("I accept the terms and conditions, version " + config.terms().version()
                + " (" + config.terms().url() + ")"));
        Map<String, Object> schema = Schemas.object("Terms and conditions", properties, List.of("accept"));
        schema.put("termsVersion", config.terms().version());
        schema.put("termsUrl", config.terms().url());
        return schema;
    }

    @Override
    public Uni<Snapshot> submit(Snapshot snapshot, Map<String, Object> input, ProcessDefinition process) {
        return Uni.createFrom().item(snapshot.with(Facts.TERMS, config.terms().version())
                .with(Facts.TERMS + ".at", OffsetDateTime.now().toString()));
    }
}
