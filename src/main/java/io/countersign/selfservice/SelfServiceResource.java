package io.countersign.selfservice;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.web.ApiDocument;
import io.countersign.web.Problem;
import io.countersign.web.RequestValidator;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Self-service processes that describe themselves (docs/selfservice.md): one resource per configured process. */
@ApplicationScoped
@Path("/selfservice")
@Tag(name = "Self-service")
public class SelfServiceResource {

    static final String SUBMIT = "submitRequirements";

    private final ProcessEngine engine;
    private final RequestValidator valid;
    private final SelfServiceConfig config;

    public SelfServiceResource(ProcessEngine engine, RequestValidator valid, SelfServiceConfig config) {
        this.engine = engine;
        this.valid = valid;
        this.config = config;
    }

    /** A submission: the input the current stage asked for, and the token of the previous answer. */
    @Schema(name = "SelfServiceSubmit")
    public record Submit(
            @Schema(required = true, description = "The input, as the stage's requirements describe it")
            @NotNull @Size(max = 20) Map<String, Object> input,
            @Schema(description = "The token of the previous answer; absent for the first stage", maxLength = 4096)
            @Size(max = 4096) String token) {
    }

    @GET
    @Path("/{process}")
    @Operation(summary = "Start a self-service process", description = "Answers the first stage's requirements as a JSON "
            + "Schema. Submit them with POST ?_action=submitRequirements.")
    @APIResponse(responseCode = "200", description = "The first stage's requirements",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StepAnswer.class)))
    @APIResponse(responseCode = "403", ref = ApiDocument.FLOW_DISABLED)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public Response start(@Parameter(description = "The process, e.g. registration, reset, username") @PathParam("process") String process) {
        return Response.ok(engine.start(enabled(process))).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @POST
    @Path("/{process}")
    @Operation(summary = "Submit a stage's requirements", description = "With the input the current stage asked for and "
            + "the token of the previous answer. Answers the next stage's requirements with a new token, or the end; a "
            + "stage that refuses the input answers its requirements again with the error (and a new token).")
    @APIResponse(responseCode = "200", description = "The next stage's requirements, or the end",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StepAnswer.class)))
    @APIResponse(responseCode = "400", description = "The stage refused the input (application/json: its requirements again, "
            + "with code and error and a new token), or the request or its token is refused (problem+json: "
            + "snapshot_invalid, snapshot_used, snapshot_expired, snapshot_foreign, invalid_request)",
            content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StepAnswer.class)),
                    @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")) })
    @APIResponse(responseCode = "403", ref = ApiDocument.FLOW_DISABLED)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "409", description = "The stage refused the input: a username that is taken (identity_taken); "
            + "its requirements again, with a new token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StepAnswer.class)))
    @APIResponse(responseCode = "429", description = "Too many attempts (rate_limited): the stage's requirements again, with "
            + "a new token; Retry-After says when to try again",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before trying again",
                    schema = @Schema(implementation = Integer.class)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StepAnswer.class)))
    @APIResponse(responseCode = "503", description = "A stage could not be checked for now (captcha_unavailable: the captcha "
            + "provider did not answer): its requirements again, with a new token (application/json); or the database cannot "
            + "be reached (problem+json, unavailable). Retry-After says when to try again",
            headers = @Header(name = "Retry-After", schema = @Schema(implementation = Integer.class)),
            content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StepAnswer.class)),
                    @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")) })
    public Uni<Response> submit(@PathParam("process") String process,
            @Parameter(in = ParameterIn.QUERY, required = true, description = "The action; only submitRequirements",
                    schema = @Schema(type = SchemaType.STRING, enumeration = SUBMIT)) @QueryParam("_action") String action,
            @Valid @NotNull Submit body) {
        if (!SUBMIT.equals(action)) {
            throw new FlowException(ErrorCode.INVALID_REQUEST, "_action must be " + SUBMIT + ".", "_action");
        }
        valid.check(body);
        return engine.submit(enabled(process), body.token(), body.input()).map(outcome -> {
            Response.ResponseBuilder response = Response.status(outcome.status()).entity(outcome.answer())
                    .type(MediaType.APPLICATION_JSON_TYPE);
            if (outcome.retryAfter() != null) {
                response.header("Retry-After", outcome.retryAfter());
            }
            return response.build();
        });
    }

    private String enabled(String process) {
        if (!config.enabled()) {
            throw new FlowException(ErrorCode.NOT_FOUND, "Self-service is switched off.");
        }
        return process;
    }
}
