package io.countersign.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.countersign.error.ErrorCode;

/**
 * What the OpenAPI document says about the HTTP edge as a whole, as a build-time filter ({@code mp.openapi.filter}):
 * the stable codes of the {@code Problem} schema, and the answers of the HTTP layer that every operation can get
 * before or after its resource method runs. The {@code bearer} scheme and the named problem+json answers the
 * operations refer to ({@code ref = BAD_REQUEST}, ...) are in {@code META-INF/openapi.yaml}. The tests validate every
 * request and answer against the served document (testing/ApiContract), so each status listed is one the application
 * really answers.
 */
public class ApiDocument implements OASFilter {

    public static final String BAD_REQUEST = "BadRequest";
    public static final String UNAUTHENTICATED = "Unauthenticated";
    public static final String FORBIDDEN = "Forbidden";
    public static final String NOT_FOUND = "NotFound";
    public static final String CONFLICT = "Conflict";
    public static final String RATE_LIMITED = "RateLimited";
    public static final String FLOW_DISABLED = "FlowDisabled";
    public static final String HOOK_UNAVAILABLE = "HookUnavailable";
    public static final String CAPTCHA_UNAVAILABLE = "CaptchaUnavailable";
    /** The captcha header parameter of the guarded operations ({@link CaptchaGuard#HEADER}). */
    public static final String CAPTCHA_RESPONSE = "CaptchaResponse";

    /** The code of an unexpected failure (500), which is not an {@link ErrorCode}. */
    static final String INTERNAL_ERROR = "internal_error";

    private static final String JSON = "application/json";
    /** The compat endpoints' error envelope, and the media type they write it with. */
    private static final String FEATHERS_ERROR = "FeathersError";
    private static final String FEATHERS_MEDIA_TYPE = "application/json; charset=utf-8";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        org.eclipse.microprofile.openapi.models.media.Schema problem = api.getComponents().getSchemas().get("Problem");
        List<Object> codes = new ArrayList<>(Arrays.stream(ErrorCode.values()).map(ErrorCode::code).distinct().toList());
        codes.add(INTERNAL_ERROR);
        problem.getProperties().get("code").setEnumeration(codes);
        api.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(this::httpLayer));
    }

    /**
     * 406 where the answer is negotiated JSON (the resource API; compat writes its answers itself), 415 wherever a body is
     * read, 413 everywhere ({@link PayloadTooLarge} refuses an announced oversize body on any route), 500 and 503
     * (a database outage, with Retry-After) everywhere an operation does not say otherwise; in the Feathers envelope on
     * the compat operations.
     */
    private void httpLayer(Operation operation) {
        APIResponses responses = operation.getResponses();
        boolean negotiatesJson = responses.getAPIResponses().values().stream()
                .anyMatch(r -> r.getContent() != null && r.getContent().hasMediaType(JSON));
        // the resource API reads only application/json; compat reads any content type, but the HTTP layer refuses a
        // Content-Type header that does not parse before compat sees the body
        boolean answersProblems = responses.getAPIResponses().values().stream()
                .anyMatch(r -> r.getRef() != null || r.getContent() != null && r.getContent().hasMediaType(Problem.MEDIA_TYPE));
        boolean readsBody = operation.getRequestBody() != null;
        // the compat endpoints (POST /authManagement, /authentication) answer every failure in the Feathers envelope
        boolean feathers = responses.getAPIResponses().values().stream()
                .filter(r -> r.getContent() != null && r.getContent().getMediaTypes() != null)
                .flatMap(r -> r.getContent().getMediaTypes().values().stream())
                .anyMatch(m -> m.getSchema() != null && m.getSchema().getRef() != null
                        && m.getSchema().getRef().endsWith("/" + FEATHERS_ERROR));
        if (negotiatesJson) {
            add(responses, "406", "No representation matches the Accept header (not_acceptable)", false);
        }
        if (readsBody) {
            add(responses, "415", answersProblems ? "The body is not application/json (unsupported_media_type)"
                    : "The Content-Type header does not parse (unsupported_media_type)", false);
        }
        // refused by the HTTP layer on any route, before routing, whether or not the operation reads a body
        // refused by the HTTP layer on any route; compat answers it in its own envelope
        add(responses, "413", "The request announces a body larger than the server accepts, 64 KB (payload_too_large)",
                feathers);
        add(responses, "500", "An unexpected failure on the server's side (internal_error); never carries details", false);
        // a database outage, on every operation that may touch the database (all but the HTTP layer's own answers)
        APIResponse unavailable = add(responses, "503", "The database cannot be reached right now (unavailable); "
                + "Retry-After says when to try again", feathers);
        if (unavailable != null) {
            unavailable.addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait before trying again")
                    .schema(OASFactory.createSchema().addType(SchemaType.INTEGER)));
        }
    }

    /** Adds the answer unless the operation says otherwise; the added answer, or null. */
    private static APIResponse add(APIResponses responses, String status, String description, boolean feathers) {
        if (responses.hasAPIResponse(status)) {
            return null;
        }
        MediaType body = OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref(feathers ? FEATHERS_ERROR : "Problem"));
        APIResponse response = OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(feathers ? FEATHERS_MEDIA_TYPE : Problem.MEDIA_TYPE, body));
        responses.addAPIResponse(status, response);
        return response;
    }
}
