package io.countersign.compat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Writes compat answers exactly as Feathers does: JSON with {@code charset=utf-8}, status from the body. */
@ApplicationScoped
public class Wire {

    public static final String JSON_UTF8 = "application/json; charset=utf-8";

    private final ObjectMapper json;

    public Wire(ObjectMapper json) {
        this.json = json;
    }

    public Response answer(Answer answer) {
        if (answer instanceof Reply reply) {
            return reply.status() == 204 ? Response.noContent().build() : write(reply.status(), reply.body());
        }
        Refusal refusal = (Refusal) answer;
        Response response = error(refusal.error());
        return refusal.retryAfter() == null ? response
                : Response.fromResponse(response).header("Retry-After", refusal.retryAfter()).build();
    }

    public Response error(FeathersError error) {
        return write(error.code(), error);
    }

    private Response write(int status, Object body) {
        try {
            return Response.status(status).header(HttpHeaders.CONTENT_TYPE, JSON_UTF8).entity(json.writeValueAsString(body)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a compat answer", e);
        }
    }
}
