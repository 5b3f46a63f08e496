package io.countersign.compat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.config.AvailabilityConfig;
import io.countersign.error.RateLimited;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Writes compat answers exactly as Feathers does: JSON with {@code charset=utf-8}, status from the body. */
@ApplicationScoped
public class Wire {

    public static final String JSON_UTF8 = "application/json; charset=utf-8";

    private final ObjectMapper json;
    private final AvailabilityConfig availability;

    public Wire(ObjectMapper json, AvailabilityConfig availability) {
        this.json = json;
        this.availability = availability;
    }

    public Response reply(Reply reply) {
        return reply.status() == 204 ? Response.noContent().build() : write(reply.status(), reply.body());
    }

    public Response created(Object body) {
        return write(201, body);
    }

    public Response error(FeathersError error) {
        return write(error.code(), error);
    }

    /** The error for a failure; a rate limit and an outage (503) also say when to retry ({@code Retry-After}). */
    public Response error(FeathersError error, Throwable failure) {
        Response response = error(error);
        String retryAfter = error.code() == 503 ? availability.retryAfterSeconds() : RateLimited.retryAfter(failure);
        return retryAfter == null ? response : Response.fromResponse(response).header("Retry-After", retryAfter).build();
    }

    private Response write(int status, Object body) {
        try {
            return Response.status(status).header(HttpHeaders.CONTENT_TYPE, JSON_UTF8).entity(json.writeValueAsString(body)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a compat answer", e);
        }
    }
}
