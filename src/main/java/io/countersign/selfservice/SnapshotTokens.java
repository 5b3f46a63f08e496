package io.countersign.selfservice;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The snapshot token of a process step, in the configured mode ({@code countersign.selfservice.token.mode}):
 * {@link StoredSnapshots} (default) or {@link StatelessSnapshots}. Either way a token is refused when it is
 * unknown or forged ({@code snapshot_invalid}), past its lifetime ({@code snapshot_expired}) or submitted a second
 * time ({@code snapshot_used}).
 */
@ApplicationScoped
public class SnapshotTokens {

    /** One mode's way of issuing and redeeming tokens. */
    interface Mode {

        Uni<String> issue(String process, byte[] state);

        /** The snapshot's process and state, spending the token; fails with a snapshot_* {@code FlowException}. */
        Uni<Sealed> redeem(String token);
    }

    /** What a token carries: the process it belongs to and its state (JSON). */
    record Sealed(String process, byte[] state) {
    }

    private static final TypeReference<Map<String, String>> STATE = new TypeReference<>() {
    };

    private final Mode mode;
    private final ObjectMapper json;

    public SnapshotTokens(SelfServiceConfig config, StoredSnapshots stored, StatelessSnapshots stateless, ObjectMapper json) {
        this.mode = switch (config.token().mode()) {
            case "stored" -> stored;
            case "stateless" -> stateless.checked();
            default -> throw new IllegalStateException("countersign.selfservice.token.mode must be stored or stateless, not '"
                    + config.token().mode() + "'");
        };
        this.json = json;
    }

    public Uni<String> issue(Snapshot snapshot) {
        Map<String, String> state = new java.util.LinkedHashMap<>(snapshot.state());
        state.put("_stage", String.valueOf(snapshot.stage()));
        try {
            return mode.issue(snapshot.process(), json.writeValueAsBytes(state));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("cannot serialise a snapshot", e));
        }
    }

    /** The snapshot a token carries, spending it. */
    public Uni<Snapshot> redeem(String token) {
        if (token == null || token.isBlank() || token.length() > 4096) {
            return Uni.createFrom().failure(invalid());
        }
        return mode.redeem(token).map(sealed -> {
            try {
                Map<String, String> state = new java.util.LinkedHashMap<>(json.readValue(sealed.state(), STATE));
                int stage = Integer.parseInt(state.remove("_stage"));
                return new Snapshot(sealed.process(), stage, state);
            } catch (java.io.IOException | RuntimeException e) {
                throw invalid();
            }
        });
    }

    static FlowException invalid() {
        return new FlowException(ErrorCode.SNAPSHOT_INVALID, "This process token is not valid; start the process again.", "token");
    }

    static FlowException used() {
        return new FlowException(ErrorCode.SNAPSHOT_USED, "This process token was already used; use the latest one.", "token");
    }

    static FlowException expired() {
        return new FlowException(ErrorCode.SNAPSHOT_EXPIRED, "This process token has expired; start the process again.", "token");
    }
}
