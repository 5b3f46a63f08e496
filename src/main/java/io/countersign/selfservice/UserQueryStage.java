package io.countersign.selfservice;

import java.util.List;
import java.util.Map;

import io.countersign.user.Identity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * userQuery: names the account by the process's configured fields. Enumeration-safe: it looks nothing up, so it
 * answers the same whether or not an account exists; the stages after it act on the account only if there is one.
 */
@ApplicationScoped
public class UserQueryStage implements Stage {

    @Override
    public String type() {
        return "userQuery";
    }

    @Override
    public Map<String, Object> requirements(Snapshot snapshot, ProcessDefinition process) {
        Map<String, Object> properties = Schemas.properties();
        process.queryFields().forEach(field -> properties.put(field, Schemas.identity(field)));
        List<String> required = process.queryFields().size() == 1 ? process.queryFields() : List.of();
        Map<String, Object> schema = Schemas.object("Name your account", properties, required);
        if (required.isEmpty()) {
            schema.put("minProperties", 1);
        }
        return schema;
    }

    @Override
    public Uni<Snapshot> submit(Snapshot snapshot, Map<String, Object> input, ProcessDefinition process) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        input.forEach((field, value) -> fields.put(field, (String) value));
        return Uni.createFrom().item(() -> Facts.withIdentity(snapshot, Identity.of(fields, process.queryFields())));
    }
}
