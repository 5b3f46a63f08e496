package io.countersign.user;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
@WithSession
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    /**
     * Users matching every given field exactly (email and username case-insensitively), at most two: enough
     * to tell "none", "one" and "more than one" apart.
     */
    public Uni<List<User>> findByIdentity(Identity identity) {
        return find(identity.whereClause(), identity.parameters()).page(0, 2).list();
    }

    /** The one user the identity selects; {@code user_not_found} or {@code ambiguous_user} otherwise. */
    public Uni<User> findOne(Identity identity) {
        return findByIdentity(identity).map(users -> {
            if (users.isEmpty()) {
                throw new FlowException(ErrorCode.USER_NOT_FOUND, "User not found.");
            }
            if (users.size() > 1) {
                throw new FlowException(ErrorCode.AMBIGUOUS_USER, "More than 1 user selected.");
            }
            return users.get(0);
        });
    }

    /**
     * One page of the accounts the filter selects, in a stable order (newest first, then by id), and how many there
     * are in all.
     */
    public Uni<Page> search(AccountFilter filter, int page, int size) {
        AccountFilter.Query query = filter.query(OffsetDateTime.now());
        return find(query.where() + " order by createdAt desc, id desc", query.parameters()).page(page, size).list()
                .chain(items -> count(query.where(), query.parameters()).map(total -> new Page(items, total)));
    }

    /** A page of accounts and the number of all that match. */
    public record Page(List<User> items, long total) {
    }

    /** The one user the identity selects, or null when there is none (or more than one). */
    public Uni<User> findOneOrNull(Identity identity) {
        return findByIdentity(identity).map(users -> users.size() == 1 ? users.get(0) : null);
    }
}
