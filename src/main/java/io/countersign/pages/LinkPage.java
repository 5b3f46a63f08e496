package io.countersign.pages;

import java.util.function.Function;

import io.countersign.error.FlowException;
import io.countersign.flow.LinkToken;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

/**
 * The link-token handling every link page shares: a token in the address is checked and moved into the page's
 * cookie (303 to the page without it); the page then renders with the stashed token; the form's submission spends
 * it and forgets the cookie.
 */
@ApplicationScoped
class LinkPage {

    private final Pages pages;
    private final PageErrors errors;

    LinkPage(Pages pages, PageErrors errors) {
        this.pages = pages;
        this.errors = errors;
    }

    /**
     * Opens a link page: stashes a well-formed token from the address, refuses a malformed one, otherwise renders
     * the page with the stashed token ({@code render} gets it).
     */
    Response open(PageRequest request, Link link, String token, Function<String, Response> render) {
        if (token != null) {
            return LinkToken.wellFormed(token) ? pages.stashLinkToken(request, link.path(), token)
                    : errors.linkRefused(request, link, LinkTokens.malformed(), null);
        }
        if (!LinkToken.wellFormed(request.linkToken())) {
            return errors.linkRefused(request, link, LinkTokens.malformed(), null);
        }
        return render.apply(request.linkToken());
    }

    /** Spends the posted token through the flow: 303 to {@code donePath}, or the link's refusal page. */
    Uni<Response> redeem(PageRequest request, Link link, String csrf, String token, Function<String, Uni<?>> flow,
            String donePath) {
        return redeem(request, link, csrf, token, flow, donePath, refusal -> errors.linkRefused(request, link, refusal, token));
    }

    /** As {@link #redeem(PageRequest, Link, String, String, Function, String)}, with the page's own refusals. */
    Uni<Response> redeem(PageRequest request, Link link, String csrf, String token, Function<String, Uni<?>> flow,
            String donePath, Function<FlowException, Response> refused) {
        if (!pages.csrfValid(request, csrf)) {
            return Uni.createFrom().item(errors.csrfRefused(request));
        }
        return Uni.createFrom().deferred(() -> flow.apply(LinkTokens.bounded(token)))
                .map(done -> pages.seeOther(request, donePath, pages.forgetLinkToken(request, link.path())))
                .onFailure(FlowException.class).recoverWithItem(e -> refused.apply((FlowException) e));
    }
}
