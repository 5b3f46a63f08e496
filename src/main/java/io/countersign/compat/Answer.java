package io.countersign.compat;

/**
 * What a compat call answers, whatever the transport carries it: a {@link Reply} (201 with a body, or 204) or a
 * {@link Refusal} (a Feathers error). REST writes it as an HTTP response ({@link Wire}), the socket.io transport as
 * the arguments of an acknowledgement ({@link FeathersSocket}).
 */
public sealed interface Answer permits Reply, Refusal {
}
