package io.countersign.pages;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.countersign.error.FlowException;
import io.countersign.flow.IdentityChangeService;
import io.countersign.user.User;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
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

/** Email/phone change pages: confirm from the new address, revert from the old one. */
@ApplicationScoped
@Path("/pages/identity")
@Produces(Pages.HTML)
public class IdentityPages {

    private final Pages pages;
    private final PageErrors errors;
    private final IdentityChangeService identity;
    private final LinkPage links;

    public IdentityPages(Pages pages, PageErrors errors, IdentityChangeService identity, LinkPage links) {
        this.pages = pages;
        this.errors = errors;
        this.identity = identity;
        this.links = links;
    }

    @GET
    @Path("/confirm")
    public Response openConfirm(@QueryParam("token") String token, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context UriInfo uri) {
        PageRequest request = pages.request(headers, uri, lang);
        PageMessages t = request.text();
        return open(request, Link.IDENTITY_CONFIRM, token, t.identityConfirmTitle(), t.identityConfirmIntro(pages.productName()),
                t.identityConfirmButton());
    }

    @POST
    @Path("/confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> confirm(@FormParam("csrf") String csrf, @FormParam("token") String token, @Context HttpHeaders headers,
            @Context UriInfo uri) {
        return links.redeem(pages.request(headers, uri, null), Link.IDENTITY_CONFIRM, csrf, token, identity::confirmByToken,
                "/pages/identity/confirm/done");
    }

    @GET
    @Path("/confirm/done")
    public Response confirmed(@QueryParam("lang") String lang, @Context HttpHeaders headers, @Context UriInfo uri) {
        PageRequest request = pages.request(headers, uri, lang);
        return done(request, request.text().identityConfirmedTitle(), request.text().identityConfirmedText());
    }

    @GET
    @Path("/revert")
    public Response openRevert(@QueryParam("token") String token, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context UriInfo uri) {
        PageRequest request = pages.request(headers, uri, lang);
        PageMessages t = request.text();
        return open(request, Link.IDENTITY_REVERT, token, t.revertTitle(), t.revertIntro(pages.productName()), t.revertButton());
    }

    @POST
    @Path("/revert")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> revert(@FormParam("csrf") String csrf, @FormParam("token") String token, @Context HttpHeaders headers,
            @Context UriInfo uri) {
        return links.redeem(pages.request(headers, uri, null), Link.IDENTITY_REVERT, csrf, token, identity::revert,
                "/pages/identity/revert/done");
    }

    @GET
    @Path("/revert/done")
    public Response reverted(@QueryParam("lang") String lang, @Context HttpHeaders headers, @Context UriInfo uri) {
        PageRequest request = pages.request(headers, uri, lang);
        return done(request, request.text().revertedTitle(), request.text().revertedText());
    }

    private Response open(PageRequest request, Link link, String token, String title, String intro, String button) {
        return links.open(request, link, token, stashed -> pages.render(request, 200, "confirm", Map.of("title", title,
                "intro", intro, "action", link.path(), "token", stashed, "button", button)));
    }

    private Response done(PageRequest request, String title, String text) {
        return pages.render(request, 200, "message", Map.of("title", title, "tone", "ok", "paragraphs", List.of(text)));
    }
}
