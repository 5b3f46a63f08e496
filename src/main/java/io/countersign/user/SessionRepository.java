package io.countersign.user;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The sessions of an account: one row per login, live while unexpired and of the user's current epoch. */
@ApplicationScoped
@WithSession
public class SessionRepository implements PanacheRepositoryBase<Session, UUID> {

    /** Records a login of the user, lasting {@code lifetime}. */
    public Uni<Session> open(User user, Duration lifetime, String userAgent) {
        Session session = new Session();
        session.id = UUID.randomUUID();
        session.userId = user.id;
        session.epoch = user.sessionEpoch;
        session.createdAt = OffsetDateTime.now();
        session.expiresAt = session.createdAt.plus(lifetime);
        session.userAgent = userAgent;
        return persist(session);
    }

    /** Whether the session is one of the user's live ones. */
    public Uni<Boolean> isLive(User user, UUID sessionId) {
        return count("id = ?1 and userId = ?2 and epoch = ?3 and expiresAt > ?4", sessionId, user.id, user.sessionEpoch,
                OffsetDateTime.now()).map(n -> n > 0);
    }

    /** The user's live sessions, newest first. */
    public Uni<List<Session>> live(User user) {
        return list("userId = ?1 and epoch = ?2 and expiresAt > ?3 order by createdAt desc", user.id, user.sessionEpoch,
                OffsetDateTime.now());
    }

    /** Ends one of the user's sessions; whether it was one of theirs. */
    public Uni<Boolean> end(User user, UUID sessionId) {
        return delete("id = ?1 and userId = ?2 and epoch = ?3 and expiresAt > ?4", sessionId, user.id, user.sessionEpoch,
                OffsetDateTime.now()).map(n -> n > 0);
    }

    /** Ends every session of the user but the one given; the number ended. */
    public Uni<Long> endAllBut(User user, UUID keep) {
        return delete("userId = ?1 and id <> ?2", user.id, keep);
    }
}
