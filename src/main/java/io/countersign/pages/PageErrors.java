package io.countersign.pages;

import java.util.List;
import java.util.Map;

import io.countersign.config.AvailabilityConfig;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.error.RateLimited;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

/**
 * Turns a refusal of the flows into a page with the same 4xx status as the API: an expired or spent link offers
 * a new one (a button that sends a new verification link, or the reset request form), a malformed one explains
 * how to copy it, a rate limit says when to retry.
 */
@ApplicationScoped
public class PageErrors {

    private final Pages pages;
    private final AvailabilityConfig availability;

    public PageErrors(Pages pages, AvailabilityConfig availability) {
        this.pages = pages;
        this.availability = availability;
    }

    /** A link whose token the flow refused; the link cookie is deleted (the token is of no further use). */
    public Response linkRefused(PageRequest request, Link link, FlowException e, String token) {
        PageMessages t = request.text();
        if (e instanceof RateLimited limited) {
            return rateLimited(request, limited);
        }
        String title;
        String reason;
        switch (e.code()) {
            case TOKEN_EXPIRED -> {
                title = t.expiredTitle();
                reason = t.expiredText();
            }
            case TOKEN_INVALID, TOKEN_UNKNOWN, NO_PENDING_CHALLENGE, TOKEN_INCORRECT -> {
                title = t.usedTitle();
                reason = t.usedText();
            }
            case TOKEN_MALFORMED -> {
                title = t.malformedTitle();
                reason = t.malformedText();
            }
            case IDENTITY_TAKEN -> {
                title = t.errorTitle();
                reason = t.identityTaken();
            }
            case NOT_VERIFIED -> {
                title = t.errorTitle();
                reason = t.notVerified();
            }
            default -> {
                title = t.errorTitle();
                reason = t.errorText();
            }
        }
        Map<String, Object> data = new java.util.HashMap<>(Map.of("title", title, "tone", "error"));
        boolean tokenProblem = e.code().code().startsWith("token_");
        switch (link) {
            case VERIFY -> {
                if (tokenProblem && e.code() != ErrorCode.TOKEN_MALFORMED && token != null) {
                    // the earlier token names the account: one button sends a new link, nothing to type
                    data.putAll(Map.of("offerAction", "/pages/verify/resend", "offerToken", token, "offerButton", t.resendButton()));
                } else {
                    data.putAll(Map.of("altHref", "/pages/verify/resend", "altText", t.resendTitle()));
                }
                data.put("paragraphs", List.of(reason, t.offerNewLink()));
            }
            case RESET -> {
                data.putAll(Map.of("altHref", "/pages/forgot", "altText", t.forgotButton()));
                data.put("paragraphs", tokenProblem ? List.of(reason, t.offerNewLink()) : List.of(reason));
            }
            case IDENTITY_CONFIRM -> data.put("paragraphs", tokenProblem ? List.of(reason, t.identityAgain()) : List.of(reason));
            case IDENTITY_REVERT -> {
                data.putAll(Map.of("altHref", "/pages/forgot", "altText", t.forgotButton()));
                data.put("paragraphs", List.of(reason, t.revertTooLate()));
            }
        }
        Response page = pages.render(request, e.code().status(), "message", data);
        return Response.fromResponse(page).cookie(pages.forgetLinkToken(request, link.path())).build();
    }

    /**
     * The answer to a submitted identify form: 303 to {@code sentPath} once the work is done (whoever was named), the
     * rate-limit page, or the form again with the refusal (e.g. a malformed address, a captcha not solved; a captcha
     * provider that cannot be asked: 503 with {@code Retry-After}).
     */
    public Uni<Response> identifySubmitted(PageRequest request, Uni<?> work, String sentPath, Pages.IdentifyForm form,
            String identity) {
        return work.map(done -> pages.seeOther(request, sentPath))
                .onFailure(RateLimited.class).recoverWithItem(e -> rateLimited(request, (RateLimited) e))
                .onFailure(FlowException.class).recoverWithItem(e -> {
                    FlowException refusal = (FlowException) e;
                    Response page = pages.identifyPage(request, refusal.code().status(), form, identity, inForm(request.text(), refusal));
                    return refusal.code().status() == 503
                            ? Response.fromResponse(page).header("Retry-After", availability.retryAfterSeconds()).build() : page;
                });
    }

    public Response rateLimited(PageRequest request, RateLimited limited) {
        long minutes = Math.max(1, (limited.retryAfterSeconds() + 59) / 60);
        Response page = pages.render(request, 429, "message", Map.of("title", request.text().errorTitle(), "tone", "error",
                "paragraphs", List.of(request.text().rateLimited(minutes))));
        return Response.fromResponse(page).header("Retry-After", limited.retryAfterSeconds()).build();
    }

    /** A form posted without a valid CSRF field: 403, nothing done. */
    public Response csrfRefused(PageRequest request) {
        return pages.render(request, 403, "message", Map.of("title", request.text().csrfTitle(), "tone", "error",
                "paragraphs", List.of(request.text().csrfText())));
    }

    /** The wording of a refusal shown inside a form (code entry, address forms). */
    public String inForm(PageMessages t, FlowException e) {
        return switch (e.code()) {
            case TOKEN_INCORRECT -> t.codeIncorrect();
            case TOKEN_INVALID, NO_PENDING_CHALLENGE, TOKEN_UNKNOWN -> t.codeNotPending();
            case TOKEN_EXPIRED -> t.expiredTitle() + ". " + t.offerNewLink();
            case USER_NOT_FOUND, AMBIGUOUS_USER -> t.userNotFound();
            case INVALID_IDENTITY -> t.identityInvalid();
            case ALREADY_VERIFIED -> t.alreadyVerified();
            case NOT_VERIFIED -> t.notVerified();
            case PASSWORD_REQUIRED -> t.invitationNeedsLink();
            case IDENTITY_TAKEN -> t.identityTaken();
            case CAPTCHA_REQUIRED, CAPTCHA_INVALID -> t.captchaFailed();
            case CAPTCHA_UNAVAILABLE -> t.captchaUnavailable();
            default -> t.errorText();
        };
    }
}
