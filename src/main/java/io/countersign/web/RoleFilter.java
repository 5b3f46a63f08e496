package io.countersign.web;

import java.util.Optional;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.countersign.config.RoleConfig;
import jakarta.ws.rs.core.Response;

/**
 * In the {@code notifier} role the account API is not served: every REST request answers 404 before it
 * reaches a resource. The operational endpoints under {@code /q/} (health, metrics) are not REST resources and
 * stay available.
 */
public class RoleFilter {

    private final boolean servesApi;

    public RoleFilter(RoleConfig roles) {
        this.servesApi = roles.role().servesApi();
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> rejectWhenNotServingApi() {
        return servesApi ? Optional.empty() : Optional.of(Response.status(Response.Status.NOT_FOUND).build());
    }
}
