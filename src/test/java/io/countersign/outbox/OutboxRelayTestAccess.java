package io.countersign.outbox;

import java.util.UUID;

/** Lets tests of other packages read an outbox row's publication time. */
public final class OutboxRelayTestAccess {

    private OutboxRelayTestAccess() {
    }

    public static Object publishedAt(UUID id) throws Exception {
        return OutboxRelayTest.publishedAt(id);
    }
}
