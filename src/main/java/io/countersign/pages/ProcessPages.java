package io.countersign.pages;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.selfservice.ProcessEngine;
import io.countersign.selfservice.SelfServiceConfig;
import io.countersign.selfservice.StepAnswer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The generic self-service page (docs/selfservice.md): any configured process, rendered stage by stage from its
 * requirements, posted back to the server (no script needed). The snapshot token travels in a hidden field and, so
 * that the link of a message sent on the way ({@code ?code=}) can continue the process, in the {@value #STEP_COOKIE}
 * cookie scoped to the process's page.
 */
@ApplicationScoped
@Path("/pages/selfservice")
@Produces(Pages.HTML)
public class ProcessPages {

    static final String STEP_COOKIE = "cs_step";
    private static final Pattern CODE = Pattern.compile("[0-9]{4,10}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    private final Pages pages;
    private final PageErrors errors;
    private final PasswordForm passwords;
    private final ProcessEngine engine;
    private final SelfServiceConfig config;

    public ProcessPages(Pages pages, PageErrors errors, PasswordForm passwords, ProcessEngine engine, SelfServiceConfig config) {
        this.pages = pages;
        this.errors = errors;
        this.passwords = passwords;
        this.engine = engine;
        this.config = config;
    }

    /**
     * The first stage; or, when a message's link brought a code ({@code ?code=}, moved into the link cookie first),
     * the code form of the step waiting in this browser; {@code restart} forgets both.
     */
    @GET
    @Path("/{process}")
    public Response open(@PathParam("process") String process, @QueryParam("code") String code,
            @QueryParam("restart") String restart, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context UriInfo uri) {
        PageRequest request = pages.request(headers, uri, lang);
        try {
            String path = path(process);
            if (code != null) {
                return CODE.matcher(code).matches() ? pages.stashLinkToken(request, path, code) : stale(request, process, false);
            }
            String linked = request.linkToken();
            if (restart == null && linked != null && CODE.matcher(linked).matches()) {
                String step = cookie(headers, STEP_COOKIE);
                return step == null ? stale(request, process, true)
                        : form(request, process, 200, ProcessForm.codeStep(step), Map.of("code", linked), null);
            }
            Response first = form(request, process, 200, engine.start(process), Map.of(), null);
            return restart == null ? first : forget(first, request, process);
        } catch (FlowException e) {
            return refused(request, process, e);
        }
    }

    @POST
    @Path("/{process}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> submit(@PathParam("process") String process, MultivaluedMap<String, String> form,
            @Context HttpHeaders headers, @Context UriInfo uri) {
        PageRequest request = pages.request(headers, uri, null);
        if (!pages.csrfValid(request, form.getFirst(PageCsrf.FIELD))) {
            return Uni.createFrom().item(errors.csrfRefused(request));
        }
        String token = form.getFirst("token");
        return Uni.createFrom().deferred(() -> {
            Map<String, Object> input = new HashMap<>(ProcessForm.input(form));
            // the captcha stage's response comes in the field the provider's widget fills
            String captchaField = pages.captchaField();
            if (captchaField != null && form.getFirst(captchaField) != null && !form.getFirst(captchaField).isBlank()) {
                input.put("response", form.getFirst(captchaField));
            }
            path(process);
            return engine.submit(process, token == null || token.isBlank() ? null : token, input)
                    .map(outcome -> {
                        StepAnswer answer = outcome.answer();
                        if (answer.status() != null) {
                            return pages.seeOther(request, path(process) + "/done", pages.forgetLinkToken(request, path(process)),
                                    step(request, process, ""));
                        }
                        Response page = form(request, process, outcome.status(), answer, input, outcome.retryAfter());
                        // the code a link brought is in the form now (or was refused there): the link cookie is done
                        return Response.fromResponse(page).cookie(step(request, process, answer.token()),
                                pages.forgetLinkToken(request, path(process))).build();
                    });
        }).onFailure(FlowException.class).recoverWithItem(e -> refused(request, process, (FlowException) e));
    }

    @GET
    @Path("/{process}/done")
    public Response done(@PathParam("process") String process, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context UriInfo uri) {
        PageRequest request = pages.request(headers, uri, lang);
        return pages.render(request, 200, "message", Map.of("title", request.text().processDoneTitle(), "tone", "ok",
                "paragraphs", List.of(request.text().processDoneText())));
    }

    /** A stage's form: its fields, the token to submit them with, and the refusal of the last submission if any. */
    private Response form(PageRequest request, String process, int status, StepAnswer answer, Map<String, Object> typed,
            String retryAfter) {
        PageMessages t = request.text();
        Map<String, Object> schema = answer.requirements();
        Map<String, Object> data = new HashMap<>();
        data.put("title", ProcessWording.title(request, answer.type(), String.valueOf(schema.getOrDefault("description", ""))));
        data.put("action", path(process));
        data.put("token", answer.token() == null ? "" : answer.token());
        boolean captcha = "captcha".equals(answer.type());
        // the captcha stage's one field is the provider's widget, not a text field
        data.put("fields", captcha ? List.of()
                : ProcessForm.fields(schema, request, typed, answer.error() == null ? null : answer.error().field()));
        if (captcha) {
            data.putAll(pages.captchaWidget());
        }
        data.put("requiredText", t.processRequired());
        data.put("button", t.processContinue());
        data.put("error", answer.error() == null ? "" : ProcessWording.refusal(t, answer.error(), retryAfter, errors, passwords));
        if (schema.get("termsUrl") instanceof String url && (url.startsWith("/") || url.startsWith("https://"))) {
            data.put("termsUrl", url);
            data.put("termsText", t.processTermsLink());
        } else {
            data.put("termsUrl", "");
        }
        if (answer.token() != null) { // past the first stage
            data.put("altHref", path(process) + "?restart=1");
            data.put("altText", t.processStartAgain());
        }
        Response page = pages.render(request, status, "process", data);
        return retryAfter == null ? page : Response.fromResponse(page).header("Retry-After", retryAfter).build();
    }

    /** A refused request: no such process, a switched-off flow, or a token that can no longer be used. */
    private Response refused(PageRequest request, String process, FlowException e) {
        PageMessages t = request.text();
        return switch (e.code()) {
            case NOT_FOUND -> pages.render(request, 404, "message", Map.of("title", t.notFoundTitle(), "tone", "error",
                    "paragraphs", List.of()));
            case FLOW_DISABLED -> pages.render(request, 403, "message", Map.of("title", t.offTitle(), "tone", "error",
                    "paragraphs", List.of(t.offText(pages.productName()))));
            default -> stale(request, process, false);
        };
    }

    /** The step cannot go on (spent, expired, foreign or damaged token, or a link opened elsewhere): start again. */
    private Response stale(PageRequest request, String process, boolean elsewhere) {
        PageMessages t = request.text();
        Response page = pages.render(request, 400, "message", Map.of("title", t.processStaleTitle(), "tone", "error",
                "paragraphs", List.of(elsewhere ? t.processElsewhereText() : t.processStaleText()),
                "altHref", path(process) + "?restart=1", "altText", t.processStartAgain()));
        return forget(page, request, process);
    }

    private Response forget(Response page, PageRequest request, String process) {
        return Response.fromResponse(page).cookie(pages.forgetLinkToken(request, path(process)), step(request, process, "")).build();
    }

    /** The page of a process; {@code not_found} for a name no process can have. */
    private String path(String process) {
        if (!config.enabled() || !process.isEmpty() && !NAME.matcher(process).matches()) {
            throw new FlowException(ErrorCode.NOT_FOUND, "There is no such self-service process.");
        }
        return "/pages/selfservice/" + process;
    }

    /** The snapshot token of the step waiting in this browser; an empty value deletes the cookie. */
    private NewCookie step(PageRequest request, String process, String token) {
        long lifetime = token.isEmpty() ? 0 : config.token().lifetime().toSeconds();
        return new NewCookie.Builder(STEP_COOKIE).value(token).path(path(process)).httpOnly(true).secure(request.secure())
                .sameSite(NewCookie.SameSite.LAX).maxAge((int) lifetime).build();
    }

    private static String cookie(HttpHeaders headers, String name) {
        Cookie cookie = headers.getCookies().get(name);
        return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
    }
}
