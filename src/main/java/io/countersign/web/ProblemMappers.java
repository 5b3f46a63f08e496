package io.countersign.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.countersign.config.AvailabilityConfig;
import io.countersign.error.CaptchaUnavailable;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.error.HookUnavailable;
import io.countersign.error.RateLimited;
import io.countersign.error.TermsRefusal;
import io.countersign.error.Unavailable;
import io.countersign.error.UniqueViolation;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * The one place where failures become HTTP answers (problem+json). 4xx are logged at DEBUG, 5xx at ERROR with the
 * stack trace; a 5xx body never carries exception details. A database outage is 503 {@code unavailable} with
 * {@code Retry-After}, logged at WARN without the stack trace (an outage fails every request alike).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final AvailabilityConfig availability;

    public ProblemMappers(AvailabilityConfig availability) {
        this.availability = availability;
    }

    @ServerExceptionMapper
    public Response flow(FlowException e) {
        List<Problem.FieldError> errors = e.field() == null ? null : List.of(new Problem.FieldError(e.field(), e.getMessage()));
        return problem(e.code().status(), e.code().code(), e.getMessage(), errors);
    }

    @ServerExceptionMapper
    public Response rateLimited(RateLimited e) {
        Response problem = flow(e);
        return Response.fromResponse(problem).header("Retry-After", e.retryAfterSeconds()).build();
    }

    /** A terms refusal: the problem, plus the version in force and where to read it ({@code termsVersion}, {@code termsUrl}). */
    @ServerExceptionMapper
    public Response terms(TermsRefusal e) {
        Problem problem = (Problem) flow(e).getEntity();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        body.put("code", problem.code());
        if (problem.errors() != null) {
            body.put("errors", problem.errors());
        }
        body.put("termsVersion", e.version());
        body.put("termsUrl", e.url());
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(body).build();
    }

    /** A failed hook: 503 {@code hook_unavailable}, retried like an outage ({@code Retry-After}); logged by the hook client. */
    @ServerExceptionMapper
    public Response hookUnavailable(HookUnavailable e) {
        Response problem = flow(e);
        return Response.fromResponse(problem).header("Retry-After", availability.retryAfterSeconds()).build();
    }

    /** A captcha provider that failed: 503 {@code captcha_unavailable} with {@code Retry-After}; logged by the verifier. */
    @ServerExceptionMapper
    public Response captchaUnavailable(CaptchaUnavailable e) {
        Response problem = flow(e);
        return Response.fromResponse(problem).header("Retry-After", availability.retryAfterSeconds()).build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(java.util.Comparator.comparing(Problem.FieldError::field)).toList();
        return problem(400, ErrorCode.INVALID_REQUEST.code(), "The request is not valid.", errors);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response mismatch(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response json(JsonProcessingException e) {
        String detail = "The body is not valid JSON.";
        List<Problem.FieldError> errors = null;
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> a + "." + b).orElse("");
            detail = e instanceof InvalidFormatException ? "A field has a value of the wrong form." : "A field has the wrong type.";
            errors = List.of(new Problem.FieldError(field, "wrong type or form"));
        } else if (e instanceof MismatchedInputException) {
            detail = "The body must be a JSON object.";
        }
        return problem(400, ErrorCode.INVALID_REQUEST.code(), detail, errors);
    }

    @ServerExceptionMapper({ AuthenticationFailedException.class, UnauthorizedException.class })
    public Response unauthenticated(RuntimeException e) {
        return problem(401, ErrorCode.UNAUTHENTICATED.code(), "Not authenticated: log in again.", null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e);
        }
        String code = switch (status) {
            case 401 -> ErrorCode.UNAUTHENTICATED.code();
            case 403 -> ErrorCode.FORBIDDEN.code();
            case 404 -> ErrorCode.NOT_FOUND.code();
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED.code();
            case 406 -> ErrorCode.NOT_ACCEPTABLE.code();
            case 409 -> ErrorCode.CONFLICT.code();
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE.code();
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE.code();
            case 429 -> ErrorCode.RATE_LIMITED.code();
            default -> ErrorCode.INVALID_REQUEST.code();
        };
        LOG.debugf("HTTP %d: %s", status, e.getMessage());
        return problem(status, code, Response.Status.fromStatusCode(status) == null ? "Bad request"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), null);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        if (UniqueViolation.isUniqueViolation(e)) {
            return problem(409, ErrorCode.IDENTITY_TAKEN.code(), "This email, phone or username is already taken.", null);
        }
        if (Unavailable.isUnavailable(e)) {
            LOG.warnf("Database unavailable: %s", e.toString());
            Response problem = problem(ErrorCode.UNAVAILABLE.status(), ErrorCode.UNAVAILABLE.code(),
                    "The service is unavailable for a moment; try again shortly.", null);
            return Response.fromResponse(problem).header("Retry-After", availability.retryAfterSeconds()).build();
        }
        return internal(e);
    }

    private static Response internal(Throwable e) {
        LOG.error("Unexpected failure", e);
        return problem(500, "internal_error", "Something went wrong on our side; try again later.", null);
    }

    static Response problem(int status, String code, String detail, List<Problem.FieldError> errors) {
        if (status < 500) {
            LOG.debugf("%d %s", status, code);
        }
        String title = Response.Status.fromStatusCode(status) == null ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase();
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(Problem.of(status, code, title, detail, errors)).build();
    }

    private static String field(String path) {
        // "signUp.body.email" → "email"
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length)) : path;
    }
}
