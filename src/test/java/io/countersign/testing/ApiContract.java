package io.countersign.testing;

import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.messageHasKey;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;


import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;

import io.restassured.RestAssured;
import io.restassured.authentication.PreemptiveOAuth2HeaderScheme;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.internal.RequestSpecificationImpl;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * The OpenAPI document is a contract the suite enforces: every REST-assured request to the application under
 * test, and its answer, is validated against the document that application serves ({@code /q/openapi}), so an
 * undocumented status, field, content type or parameter fails the test that met it. Installed for every Quarkus
 * test by {@link ApiContractCallbacks}.
 *
 * <p>What is not checked, deliberately: requests to another server (the mailbox, the SMS stub), the operational
 * endpoints under {@code /q/} and the hosted HTML pages under {@code /pages/} (neither is part of the API
 * description). Response objects may carry no field the document does not name; request objects may (the API
 * ignores unknown fields). A test whose point is a request the document does not allow says so with
 * {@link OffContract}: its requests are not judged, its responses still are.
 */
public final class ApiContract implements OrderedFilter {

    public static final ApiContract INSTANCE = new ApiContract();

    private static final List<String> NOT_API = List.of("/q/", "/pages/");

    /** How strictly the current test is judged; null outside a Quarkus test. */
    private record Target(OffContract.Part offContract, String test) {
    }

    private volatile Target target;
    private final Map<String, OpenApiInteractionValidator> strict = new ConcurrentHashMap<>();
    private final Map<String, OpenApiInteractionValidator> responsesOnly = new ConcurrentHashMap<>();

    private ApiContract() {
    }

    /** Judges the requests of this test from now on; {@code offContract} from the test's annotation. */
    void watch(OffContract offContract, String test) {
        target = new Target(offContract == null ? null : offContract.what(), test);
    }

    void stop() {
        target = null;
    }

    @Override
    public int getOrder() {
        return OrderedFilter.HIGHEST_PRECEDENCE; // sees the request as sent and the answer as received
    }

    @Override
    public io.restassured.response.Response filter(FilterableRequestSpecification request,
            FilterableResponseSpecification responseSpec, FilterContext ctx) {
        io.restassured.response.Response response = ctx.next(request, responseSpec);
        Target t = target;
        if (t == null || t.offContract() == OffContract.Part.ALL || !isApi(t, request)) {
            return response;
        }
        Request req = withBearer(request, RestAssuredRequest.of(request));
        ValidationReport report = validator(URI.create(request.getURI()).getPort(), t.offContract() == OffContract.Part.REQUESTS).validate(req,
                RestAssuredResponse.of(response));
        if (report.hasErrors()) {
            throw new AssertionError("OpenAPI contract broken by " + req.getMethod() + " " + req.getPath() + " → "
                    + response.statusCode() + " (" + t.test() + "):\n" + describe(report)
                    + "\n  response body: " + shorten(response.asString()));
        }
        return response;
    }

    /**
     * Checks an answer that was not obtained through REST-assured (e.g. FuzzTest's raw HTTP client) against the
     * document; the request is not judged. An empty list means the answer is documented.
     */
    public List<String> responseViolations(int port, Request request, Response response) {
        ValidationReport report = validator(port, true).validate(request, response);
        return report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> m.getKey() + ": " + m.getMessage()).toList();
    }

    /**
     * REST-assured adds the header of {@code auth().oauth2(token)} after the filters ran; the validator must see it,
     * or every authenticated request would look unauthenticated.
     */
    private static Request withBearer(FilterableRequestSpecification spec, Request request) {
        if (!(spec instanceof RequestSpecificationImpl impl)
                || !(impl.getAuthenticationScheme() instanceof PreemptiveOAuth2HeaderScheme bearer)
                || !request.getHeaderValues("Authorization").isEmpty()) {
            return request;
        }
        SimpleRequest.Builder copy = new SimpleRequest.Builder(request.getMethod(), request.getPath());
        request.getHeaders().forEach((name, values) -> copy.withHeader(name, List.copyOf(values)));
        request.getQueryParameters().forEach(name -> copy.withQueryParam(name, List.copyOf(request.getQueryParameterValues(name))));
        request.getRequestBody().ifPresent(copy::withBody);
        return copy.withAuthorization("Bearer " + bearer.getAccessToken()).build();
    }

    private static boolean isApi(Target t, FilterableRequestSpecification request) {
        URI uri = URI.create(request.getURI());
        // the application under test listens where Quarkus points REST-assured for each test
        if (uri.getPort() != RestAssured.port || !"localhost".equals(uri.getHost()) && !"127.0.0.1".equals(uri.getHost())) {
            return false; // another server: the mailbox, a stub
        }
        String path = uri.getRawPath();
        return NOT_API.stream().noneMatch(path::startsWith);
    }

    private OpenApiInteractionValidator validator(int port, boolean requestsOffContract) {
        String document = "http://localhost:" + port + "/q/openapi?format=json";
        return (requestsOffContract ? responsesOnly : strict).computeIfAbsent(document, url -> build(url, requestsOffContract));
    }

    private static OpenApiInteractionValidator build(String url, boolean requestsOffContract) {
        LevelResolver.Builder levels = LevelResolver.create()
                // no undocumented field in an answer (the library allows them unless told)
                .withLevel("validation.schema.additionalProperties", ValidationReport.Level.ERROR)
                // requests may carry fields the API ignores
                .withLevel("validation.request.body.schema.additionalProperties", ValidationReport.Level.IGNORE);
        if (requestsOffContract) {
            levels.withLevel("validation.request", ValidationReport.Level.IGNORE);
        }
        return OpenApiInteractionValidator.createForInlineApiSpecification(served(url)).withLevelResolver(levels.build())
                // the validator reads string parameters and headers of an OpenAPI 3.1 document as JSON ("type" became a
                // list it does not look at), so a UUID path parameter or a Location URL "fails to parse"; statuses,
                // content types, bodies and the presence of required headers are still checked
                .withWhitelist(ValidationErrorsWhitelist.create()
                        .withRule("3.1 string path parameter", messageHasKey("validation.request.parameter.schema.invalidJson"))
                        .withRule("3.1 string header", messageHasKey("validation.response.header.schema.invalidJson")))
                .build();
    }

    /** The document as the application serves it: never a file, so it is what clients get. */
    private static String served(String url) {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + answer.statusCode());
            }
            return answer.body();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the OpenAPI document at " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String describe(ValidationReport report) {
        return report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> "  - " + m.getKey() + ": " + m.getMessage()
                        + (m.getAdditionalInfo().isEmpty() ? "" : " " + m.getAdditionalInfo()))
                .collect(Collectors.joining("\n"));
    }

    private static String shorten(String text) {
        return text.length() > 600 ? text.substring(0, 600) + "…" : text;
    }
}
