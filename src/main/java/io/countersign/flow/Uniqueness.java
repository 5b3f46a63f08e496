package io.countersign.flow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.countersign.user.Identity;
import io.countersign.user.UserRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Which identifying values are already taken (f-a-m checkUnique). */
@ApplicationScoped
public class Uniqueness {

    private final UserRepository users;

    public Uniqueness(UserRepository users) {
        this.users = users;
    }

    /**
     * @param values field → value (null values are skipped); each is normalised, so a malformed value fails
     * @param ownId  the caller's own id, whose values do not count as taken
     * @return the taken fields, in request order (empty when all are free)
     */
    public Uni<Map<String, Boolean>> taken(Map<String, String> values, UUID ownId) {
        Map<String, String> normalised = new LinkedHashMap<>();
        values.forEach((field, value) -> {
            if (value != null) {
                normalised.put(field, Identity.normalise(field, value));
            }
        });
        Map<String, Boolean> result = new LinkedHashMap<>();
        return Result.toCompletion(Multi.createFrom().iterable(normalised.entrySet())
                .onItem().transformToUniAndConcatenate(e -> users.countByField(e.getKey(),
                        Identity.USERNAME.equals(e.getKey()) ? e.getValue().toLowerCase(java.util.Locale.ROOT) : e.getValue(),
                        ownId).invoke(count -> result.put(e.getKey(), count > 0)))
                .collect().last()
                .replaceWith(result));
    }
}
