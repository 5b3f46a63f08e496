package io.countersign.web;

import java.lang.reflect.Method;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import io.countersign.captcha.CaptchaVerifier;
import io.countersign.config.AvailabilityConfig;
import io.countersign.error.FlowException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

/**
 * Checks the captcha of a guarded operation ({@link CaptchaGuard}) after the flow switch ({@link FlowSwitchFilter})
 * and before the body is read: 400 {@code captcha_required} or {@code captcha_invalid}, or 503
 * {@code captcha_unavailable} with {@code Retry-After} when the provider fails, as problem+json.
 */
public class CaptchaFilter {

    private final CaptchaVerifier captcha;
    private final AvailabilityConfig availability;

    public CaptchaFilter(CaptchaVerifier captcha, AvailabilityConfig availability) {
        this.captcha = captcha;
        this.availability = availability;
    }

    @ServerRequestFilter(priority = Priorities.USER + 10)
    public Uni<Response> checkCaptcha(SimpleResourceInfo resource, ContainerRequestContext request) {
        CaptchaGuard declared = declared(resource);
        if (declared == null || !captcha.guards(declared.value())) {
            return Uni.createFrom().nullItem();
        }
        return captcha.check(request.getHeaderString(CaptchaGuard.HEADER)).replaceWith((Response) null)
                .onFailure(FlowException.class).recoverWithItem(e -> refused((FlowException) e));
    }

    private Response refused(FlowException e) {
        Response problem = ProblemMappers.problem(e.code().status(), e.code().code(), e.getMessage(), null);
        return e.code().status() == 503
                ? Response.fromResponse(problem).header("Retry-After", availability.retryAfterSeconds()).build()
                : problem;
    }

    private static CaptchaGuard declared(SimpleResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null) {
            return null;
        }
        try {
            Method method = resource.getResourceClass().getMethod(resource.getMethodName(), resource.parameterTypes());
            return method.getAnnotation(CaptchaGuard.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
