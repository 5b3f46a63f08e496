package io.countersign.pages;

import java.util.List;
import java.util.Map;

import io.countersign.captcha.CaptchaVerifier.Guard;
import io.countersign.config.CountersignConfig;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.error.RateLimited;
import io.countersign.flow.LinkToken;
import io.countersign.flow.PasswordResetService;
import io.countersign.security.LimitedAction;
import io.countersign.security.RateLimiter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Password pages: choose a new password from a reset link, and ask for a reset link. */
@ApplicationScoped
@Path("/pages")
@Produces(Pages.HTML)
public class PasswordResetPages {

    private final Pages pages;
    private final PageErrors errors;
    private final PasswordResetService passwordReset;
    private final RateLimiter limits;
    private final LinkPage links;
    private final CountersignConfig config;
    private final PasswordForm form;

    public PasswordResetPages(Pages pages, PageErrors errors, PasswordResetService passwordReset, RateLimiter limits, LinkPage links,
            CountersignConfig config, PasswordForm form) {
        this.pages = pages;
        this.errors = errors;
        this.passwordReset = passwordReset;
        this.limits = limits;
        this.links = links;
        this.config = config;
        this.form = form;
    }

    @GET
    @Path("/reset")
    public Response open(@QueryParam("token") String token, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context UriInfo uri) {
        PageRequest request = pages.request(headers, uri, lang);
        return links.open(request, Link.RESET, token, stashed -> passwordPage(request, 200, stashed, "", null));
    }

    @POST
    @Path("/reset")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> reset(@FormParam("csrf") String csrf, @FormParam("token") String token,
            @FormParam("password") String password, @FormParam("confirm") String confirm, @Context HttpHeaders headers,
            @Context UriInfo uri) {
        PageRequest request = pages.request(headers, uri, null);
        if (password != null && !password.isEmpty() && !password.equals(confirm) && LinkToken.wellFormed(token)
                && pages.csrfValid(request, csrf)) {
            return Uni.createFrom().item(passwordPage(request, 400, token, request.text().mismatch(), null));
        }
        return links.redeem(request, Link.RESET, csrf, token, given -> passwordReset.resetByToken(given, password),
                "/pages/reset/done", refusal -> refusal.code() == ErrorCode.PASSWORD_POLICY
                        // a password the policy refuses leaves the token unspent: ask again, saying which rule failed
                        ? passwordPage(request, 400, token, form.policyMessage(request.text(), refusal), null)
                        : errors.linkRefused(request, Link.RESET, refusal, token));
    }

    /** The password form: with a token (from a link), or with {@code identity} non-null, the code variant. */
    private Response passwordPage(PageRequest request, int status, String token, String error, String identity) {
        PageMessages t = request.text();
        PasswordForm.Wording wording = new PasswordForm.Wording(t.resetTitle(), t.resetIntro(pages.productName()),
                identity == null ? Link.RESET.path() : "/pages/reset/code", t.resetButton());
        Map<String, Object> codeFields = identity == null ? Map.of() : Map.of("identity", identity, "identityLabel",
                t.identityLabel(), "identityHint", t.identityHint(), "codeLabel", t.codeLabel(), "altHref", "/pages/forgot",
                "altText", t.forgotButton());
        return form.render(request, status, wording, identity == null ? token : null, error, codeFields);
    }

    @GET
    @Path("/reset/code")
    public Response codeForm(@QueryParam("lang") String lang, @Context HttpHeaders headers, @Context UriInfo uri) {
        return passwordPage(pages.request(headers, uri, lang), 200, null, "", "");
    }

    /** A new password with the code from the message and the address it went to (rate limit {@code code}). */
    @POST
    @Path("/reset/code")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> resetByCode(@FormParam("csrf") String csrf, @FormParam("identity") String identity,
            @FormParam("code") String code, @FormParam("password") String password, @FormParam("confirm") String confirm,
            @Context HttpHeaders headers, @Context UriInfo uri) {
        PageRequest request = pages.request(headers, uri, null);
        if (!pages.csrfValid(request, csrf)) {
            return Uni.createFrom().item(errors.csrfRefused(request));
        }
        String typed = identity == null ? "" : identity;
        if (password != null && !password.isEmpty() && !password.equals(confirm)) {
            return Uni.createFrom().item(passwordPage(request, 400, null, request.text().mismatch(), typed));
        }
        return Uni.createFrom().deferred(() -> {
            PageIdentity who = PageIdentity.of(identity);
            String given = LinkTokens.code(code);
            return limits.check(LimitedAction.CODE, who.accountKey())
                    .chain(() -> passwordReset.resetByCode(who.identity(config.identifyUserProps()), given, password));
        }).map(user -> pages.seeOther(request, "/pages/reset/done"))
                .onFailure(RateLimited.class).recoverWithItem(e -> errors.rateLimited(request, (RateLimited) e))
                .onFailure(FlowException.class).recoverWithItem(e -> {
                    FlowException refusal = (FlowException) e;
                    String message = refusal.code() == ErrorCode.PASSWORD_POLICY ? form.policyMessage(request.text(), refusal)
                            : errors.inForm(request.text(), refusal);
                    return passwordPage(request, refusal.code().status(), null, message, typed);
                });
    }

    @GET
    @Path("/reset/done")
    public Response done(@QueryParam("lang") String lang, @Context HttpHeaders headers, @Context UriInfo uri) {
        PageRequest request = pages.request(headers, uri, lang);
        return pages.render(request, 200, "message", Map.of("title", request.text().resetDoneTitle(), "tone", "ok",
                "paragraphs", List.of(request.text().resetDoneText())));
    }

    @GET
    @Path("/forgot")
    public Response forgotForm(@QueryParam("lang") String lang, @Context HttpHeaders headers, @Context UriInfo uri) {
        PageRequest request = pages.request(headers, uri, lang);
        return pages.identifyPage(request, 200, forgotForm(request.text()), "", "");
    }

    @POST
    @Path("/forgot")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> forgot(@FormParam("csrf") String csrf, @FormParam("identity") String identity,
            @BeanParam PageCaptcha captcha, @Context HttpHeaders headers, @Context UriInfo uri) {
        PageRequest request = pages.request(headers, uri, null);
        if (!pages.csrfValid(request, csrf)) {
            return Uni.createFrom().item(errors.csrfRefused(request));
        }
        return errors.identifySubmitted(request, pages.checkCaptcha(Guard.FORGOT, captcha).chain(() -> {
            PageIdentity who = PageIdentity.of(identity);
            return limits.check(LimitedAction.FORGOT, who.accountKey())
                    .chain(() -> passwordReset.sendReset(who.identity(config.identifyUserProps()), Map.of()));
        }), "/pages/forgot/sent", forgotForm(request.text()), identity);
    }

    private static Pages.IdentifyForm forgotForm(PageMessages t) {
        return new Pages.IdentifyForm(t.forgotTitle(), t.forgotIntro(), "/pages/forgot", t.forgotButton(), "/pages/reset/code",
                Guard.FORGOT);
    }

    @GET
    @Path("/forgot/sent")
    public Response sent(@QueryParam("lang") String lang, @Context HttpHeaders headers, @Context UriInfo uri) {
        return pages.sentPage(pages.request(headers, uri, lang));
    }
}
