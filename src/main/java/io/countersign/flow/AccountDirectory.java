package io.countersign.flow;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import io.countersign.audit.Actor;
import io.countersign.audit.Audit;
import io.countersign.challenge.Challenge;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.user.AccountFilter;
import io.countersign.user.Session;
import io.countersign.user.SessionRepository;
import io.countersign.user.User;
import io.countersign.user.UserRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What an administrator reads about accounts: a search, one account, its live sessions and challenges. Every read is
 * audited ({@code admin_action}) with the acting admin, in the read's transaction.
 */
@ApplicationScoped
public class AccountDirectory {

    private final UserRepository users;
    private final SessionRepository sessions;
    private final Audit audit;

    public AccountDirectory(UserRepository users, SessionRepository sessions, Audit audit) {
        this.users = users;
        this.sessions = sessions;
        this.audit = audit;
    }

    /** One page of the accounts the filter selects, newest first. */
    public Uni<UserRepository.Page> search(AccountFilter filter, int page, int size, Actor actor) {
        return inTransaction(() -> users.search(filter, page, size)
                .call(found -> audit.recordAdmin(actor, "accounts_searched", null,
                        Map.of("page", page, "size", size, "total", found.total()))));
    }

    /** The account; {@code not_found} when there is none with this id. */
    public Uni<User> account(UUID id, Actor actor) {
        return inTransaction(() -> existing(users, id).call(user -> audit.recordAdmin(actor, "account_read", id, null)));
    }

    /** The account's live sessions, newest first. */
    public Uni<List<Session>> sessions(UUID id, Actor actor) {
        return inTransaction(() -> existing(users, id).chain(user -> sessions.live(user))
                .call(() -> audit.recordAdmin(actor, "sessions_read", id, null)));
    }

    /** A pending challenge as an administrator sees it: never its token, code or their hashes. */
    public record PendingChallenge(UUID id, String purpose, OffsetDateTime createdAt, OffsetDateTime expiresAt,
            int linkAttemptsLeft, int codeAttemptsLeft, boolean hasCode) {

        static PendingChallenge of(Challenge c) {
            return new PendingChallenge(c.id, c.purpose, c.createdAt, c.expiresAt, c.attemptsLeft, c.codeAttemptsLeft,
                    c.codeHash != null);
        }
    }

    /** The account's live challenges (pending links and codes), newest first. */
    public Uni<List<PendingChallenge>> challenges(UUID id, Actor actor) {
        return inTransaction(() -> existing(users, id)
                .chain(user -> Panache.getSession().chain(s -> s.createSelectionQuery(
                        "from Challenge where userId = :user and consumedAt is null and expiresAt > :now "
                                + "order by createdAt desc, id", Challenge.class)
                        .setParameter("user", id).setParameter("now", OffsetDateTime.now()).getResultList()))
                .map(list -> list.stream().map(PendingChallenge::of).toList())
                .call(() -> audit.recordAdmin(actor, "challenges_read", id, null)));
    }

    /** The account of this id, or the refusal {@code not_found}. */
    static Uni<User> existing(UserRepository users, UUID id) {
        return users.findById(id).onItem().ifNull().failWith(() -> new FlowException(ErrorCode.NOT_FOUND, "No such account."));
    }

    /** The work in one transaction, run to its end even when the client goes away ({@link Result#toCompletion}). */
    static <T> Uni<T> inTransaction(Supplier<Uni<T>> work) {
        return Result.toCompletion(Panache.withTransaction(work));
    }
}
