package io.countersign.hook;

/** The hook's answer: {@code success}, {@code pending} or {@code fail}, with its optional message. */
public record HookOutcome(Status status, String message) {

    public enum Status {
        SUCCESS, PENDING, FAIL
    }
}
