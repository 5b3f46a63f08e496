package io.countersign.pages;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.countersign.captcha.CaptchaVerifier.Guard;
import io.countersign.config.CountersignConfig;
import io.countersign.error.FlowException;
import io.countersign.error.RateLimited;
import io.countersign.flow.LinkToken;
import io.countersign.flow.VerificationService;
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

/** Sign-up verification pages: confirm by link, by code, and ask for a new link. */
@ApplicationScoped
@Path("/pages/verify")
@Produces(Pages.HTML)
public class VerifyPages {

    private final Pages pages;
    private final PageErrors errors;
    private final VerificationService verification;
    private final RateLimiter limits;
    private final LinkPage links;
    private final CountersignConfig config;
    private final PasswordForm form;

    public VerifyPages(Pages pages, PageErrors errors, VerificationService verification, RateLimiter limits, LinkPage links,
            CountersignConfig config, PasswordForm form) {
        this.pages = pages;
        this.errors = errors;
        this.verification = verification;
        this.limits = limits;
        this.links = links;
        this.config = config;
        this.form = form;
    }

    @GET
    public Response open(@QueryParam("token") String token, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context UriInfo uri) {
        PageRequest request = pages.request(headers, uri, lang);
        PageMessages t = request.text();
        return links.open(request, Link.VERIFY, token, stashed -> pages.render(request, 200, "confirm", Map.of("title",
                t.verifyTitle(), "intro", t.verifyIntro(pages.productName()), "action", Link.VERIFY.path(), "token", stashed,
                "button", t.verifyButton(), "altHref", "/pages/verify/code", "altText", t.codeLink(), "passwordLabel",
                t.verifyPasswordLabel(), "passwordHint", t.verifyPasswordHint())));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> confirm(@FormParam("csrf") String csrf, @FormParam("token") String token,
            @FormParam("password") String given, @FormParam("confirm") String confirm, @Context HttpHeaders headers,
            @Context UriInfo uri) {
        PageRequest request = pages.request(headers, uri, null);
        // the confirm page's optional field comes without a confirmation (left empty: no password); the invitation
        // form has both, and an empty password there is refused by the policy
        String password = given == null || given.isEmpty() && confirm == null ? null : given;
        if (password != null && confirm != null && !password.equals(confirm) && LinkToken.wellFormed(token)
                && pages.csrfValid(request, csrf)) {
            return Uni.createFrom().item(invitationPage(request, 400, token, request.text().mismatch()));
        }
        // an invitation refuses the plain button (the link stays unspent) and asks for the password on the same link
        return links.redeem(request, Link.VERIFY, csrf, token, verified -> verification.verifyByToken(verified, password),
                "/pages/verify/done", refusal -> switch (refusal.code()) {
                    case PASSWORD_REQUIRED -> invitationPage(request, password == null ? 200 : 400, token,
                            password == null ? "" : form.policyMessage(request.text(), refusal));
                    case PASSWORD_POLICY -> invitationPage(request, 400, token, form.policyMessage(request.text(), refusal));
                    default -> errors.linkRefused(request, Link.VERIFY, refusal, token);
                });
    }

    private Response invitationPage(PageRequest request, int status, String token, String error) {
        PageMessages t = request.text();
        return form.render(request, status, new PasswordForm.Wording(t.inviteTitle(), t.inviteIntro(pages.productName()),
                Link.VERIFY.path(), t.verifyButton()), token, error, Map.of());
    }

    @GET
    @Path("/done")
    public Response done(@QueryParam("lang") String lang, @Context HttpHeaders headers, @Context UriInfo uri) {
        PageRequest request = pages.request(headers, uri, lang);
        return pages.render(request, 200, "message", Map.of("title", request.text().verifiedTitle(), "tone", "ok",
                "paragraphs", List.of(request.text().verifiedText())));
    }

    @GET
    @Path("/code")
    public Response codeForm(@QueryParam("lang") String lang, @Context HttpHeaders headers, @Context UriInfo uri) {
        PageRequest request = pages.request(headers, uri, lang);
        return codePage(request, 200, "", "");
    }

    @POST
    @Path("/code")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> code(@FormParam("csrf") String csrf, @FormParam("identity") String identity, @FormParam("code") String code,
            @Context HttpHeaders headers, @Context UriInfo uri) {
        PageRequest request = pages.request(headers, uri, null);
        if (!pages.csrfValid(request, csrf)) {
            return Uni.createFrom().item(errors.csrfRefused(request));
        }
        return Uni.createFrom().deferred(() -> {
            PageIdentity who = PageIdentity.of(identity);
            String given = LinkTokens.code(code);
            return limits.check(LimitedAction.CODE, who.accountKey())
                    .chain(() -> verification.verifyByCode(who.identity(config.identifyUserProps()), given, null));
        }).map(user -> pages.seeOther(request, "/pages/verify/done"))
                .onFailure(RateLimited.class).recoverWithItem(e -> errors.rateLimited(request, (RateLimited) e))
                .onFailure(FlowException.class).recoverWithItem(e -> codePage(request, ((FlowException) e).code().status(),
                        identity == null ? "" : identity, errors.inForm(request.text(), (FlowException) e)));
    }

    private Response codePage(PageRequest request, int status, String identity, String error) {
        PageMessages t = request.text();
        Map<String, Object> data = new HashMap<>(Map.of("title", t.codeTitle(), "intro", t.codeIntro(), "action", "/pages/verify/code",
                "identityLabel", t.identityLabel(), "identityHint", t.identityHint(), "codeLabel", t.codeLabel(),
                "button", t.codeButton(), "identity", identity, "error", error));
        data.putAll(Map.of("altHref", "/pages/verify/resend", "altText", t.resendTitle()));
        return pages.render(request, status, "identify", data);
    }

    @GET
    @Path("/resend")
    public Response resendForm(@QueryParam("lang") String lang, @Context HttpHeaders headers, @Context UriInfo uri) {
        PageRequest request = pages.request(headers, uri, lang);
        return pages.identifyPage(request, 200, resendForm(request.text()), "", "");
    }

    /** A new link: by the earlier (expired or spent) token, or by the address typed in the form. */
    @POST
    @Path("/resend")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> resend(@FormParam("csrf") String csrf, @FormParam("token") String token,
            @FormParam("identity") String identity, @BeanParam PageCaptcha captcha, @Context HttpHeaders headers,
            @Context UriInfo uri) {
        PageRequest request = pages.request(headers, uri, null);
        if (!pages.csrfValid(request, csrf)) {
            return Uni.createFrom().item(errors.csrfRefused(request));
        }
        return errors.identifySubmitted(request, pages.checkCaptcha(Guard.RESEND, captcha).chain(() -> {
            if (token != null && !token.isBlank()) {
                String earlier = LinkTokens.bounded(token);
                return limits.check(LimitedAction.RESEND, null).chain(() -> verification.resendByToken(earlier, Map.of()));
            }
            PageIdentity who = PageIdentity.of(identity);
            return limits.check(LimitedAction.RESEND, who.accountKey())
                    .chain(() -> verification.resend(who.identity(config.identifyUserProps()), Map.of()));
        }), "/pages/verify/sent", resendForm(request.text()), identity);
    }

    private static Pages.IdentifyForm resendForm(PageMessages t) {
        return new Pages.IdentifyForm(t.resendTitle(), t.resendIntro(), "/pages/verify/resend", t.resendButton(), "/pages/verify/code",
                Guard.RESEND);
    }

    @GET
    @Path("/sent")
    public Response sent(@QueryParam("lang") String lang, @Context HttpHeaders headers, @Context UriInfo uri) {
        return pages.sentPage(pages.request(headers, uri, lang));
    }
}
