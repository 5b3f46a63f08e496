package io.countersign.api;

/** The answer of requests that must not reveal whether an account exists (202). */
public record Accepted(String status, String message) {

    static Accepted of(String message) {
        return new Accepted("accepted", message);
    }
}
