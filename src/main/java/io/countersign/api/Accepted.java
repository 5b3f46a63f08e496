package io.countersign.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer of requests that must not reveal whether an account exists (202). */
@Schema(name = "Accepted", requiredProperties = { "status", "message" })
public record Accepted(@Schema(enumeration = "accepted") String status, String message) {

    static Accepted of(String message) {
        return new Accepted("accepted", message);
    }
}
