package io.countersign.feedback;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.user.EmailSuppressions.Feedback;
import io.countersign.web.Problem;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Delivery feedback webhooks (docs/providers.md): bounces and complaints from Amazon SES (through SNS), SendGrid,
 * Postmark and a generic signed format. Every call is authenticated first (signature or shared secret, over the
 * raw body); an endpoint whose provider is not configured answers 404. 204 when the report was taken (also for
 * events that are not bounces or complaints, and for redeliveries), so providers stop retrying.
 */
@Path("/feedback")
@Tag(name = "Delivery feedback")
@APIResponse(responseCode = "204", description = "Taken (recorded, or nothing to record)")
@APIResponse(responseCode = "400", description = "Not a report of this provider (`invalid_request`)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "401", description = "Signature or credentials missing or wrong (`webhook_unauthenticated`)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "404", description = "This provider's feedback is not configured (`not_found`)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class FeedbackResource {

    private final FeedbackService feedback;
    private final SnsMessages sns;
    private final FeedbackConfig config;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final PublicKey sendGridKey;
    private final Clock clock = Clock.systemUTC();

    public FeedbackResource(FeedbackService feedback, SnsMessages sns, FeedbackConfig config, ObjectMapper json, MeterRegistry registry) {
        this.feedback = feedback;
        this.sns = sns;
        this.config = config;
        this.json = json;
        this.registry = registry;
        this.sendGridKey = config.sendgrid().publicKey().filter(k -> !k.isBlank()).map(WebhookSignatures::ecPublicKey).orElse(null);
    }

    @POST
    @Path("/ses")
    @Consumes({ MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON })
    @Operation(summary = "Amazon SES bounces and complaints, through an SNS subscription", description = "The SNS HTTPS "
            + "subscription's endpoint. The message must come from a configured topic and carry a valid SNS signature "
            + "(SignatureVersion 1 or 2, certificate from sns.<region>.amazonaws.com); a SubscriptionConfirmation is confirmed.")
    @RequestBody(required = true, content = {
        @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING, description = "The SNS message (JSON)")),
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT, description = "The SNS message")) })
    public Uni<Response> ses(byte[] body) {
        if (!sns.enabled()) {
            throw notConfigured();
        }
        JsonNode message = read(body);
        return sns.authentic(message).chain(authentic -> {
            if (!authentic) {
                return Uni.createFrom().failure(rejected(FeedbackReports.SES));
            }
            return switch (message.path("Type").asText()) {
                case "SubscriptionConfirmation" -> sns.confirm(message).map(confirmed -> {
                    if (!confirmed) {
                        throw new FlowException(ErrorCode.INVALID_REQUEST, "The subscription could not be confirmed.");
                    }
                    return noContent();
                });
                case "Notification" -> feedback.record(reports(() -> FeedbackReports.ses(
                        read(message.path("Message").asText("").getBytes(StandardCharsets.UTF_8)), message.path("MessageId").asText())))
                        .map(ignored -> noContent());
                default -> Uni.createFrom().item(noContent());
            };
        });
    }

    @POST
    @Path("/sendgrid")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "SendGrid Event Webhook", description = "Signed Event Webhook: ECDSA (P-256, SHA-256) over the "
            + "timestamp header followed by the body, checked with the configured verification key. bounce (blocked: soft), "
            + "deferred (soft) and spamreport (complaint) are recorded; other events are ignored.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = Object.class, description = "SendGrid events")))
    public Uni<Response> sendGrid(byte[] body,
            @HeaderParam("X-Twilio-Email-Event-Webhook-Signature") String signature,
            @HeaderParam("X-Twilio-Email-Event-Webhook-Timestamp") String timestamp) {
        if (sendGridKey == null) {
            throw notConfigured();
        }
        if (!WebhookSignatures.sendGrid(sendGridKey, timestamp, signature, body, Instant.now(clock), config.sendgrid().tolerance())) {
            throw rejected(FeedbackReports.SENDGRID);
        }
        JsonNode events = read(body);
        return feedback.record(reports(() -> FeedbackReports.sendGrid(events))).map(ignored -> noContent());
    }

    @POST
    @Path("/postmark")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Postmark bounce and spam complaint webhooks", description = "Authenticated by the basic "
            + "credentials of the webhook URL or by the configured custom header. HardBounce and BadEmailAddress are hard "
            + "bounces, SpamComplaint a complaint, SoftBounce, Transient and DnsError soft bounces.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT, description = "A Postmark Bounce or SpamComplaint record")))
    public Uni<Response> postmark(byte[] body, @HeaderParam("Authorization") String authorization,
            @HeaderParam("X-Countersign-Webhook-Secret") String secret) {
        FeedbackConfig.Postmark postmark = config.postmark();
        boolean basic = postmark.username().isPresent() && postmark.password().isPresent();
        if (!basic && postmark.secret().isEmpty()) {
            throw notConfigured();
        }
        boolean byBasic = basic && WebhookSignatures.same(authorization, "Basic " + Base64.getEncoder().encodeToString(
                (postmark.username().get() + ":" + postmark.password().get()).getBytes(StandardCharsets.UTF_8)));
        boolean bySecret = postmark.secret().isPresent() && WebhookSignatures.same(secret, postmark.secret().get());
        if (!byBasic && !bySecret) {
            throw rejected(FeedbackReports.POSTMARK);
        }
        JsonNode record = read(body);
        return feedback.record(reports(() -> FeedbackReports.postmark(record))).map(ignored -> noContent());
    }

    @POST
    @Path("/generic")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Generic signed feedback", description = "For any other provider or relay: Standard Webhooks "
            + "signature (webhook-id, webhook-timestamp, webhook-signature v1 = HMAC-SHA256 of id.timestamp.body with the "
            + "configured whsec_ secret). Body: {type: hard_bounce | soft_bounce | complaint, email, messageId?, detail?}.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = GenericReport.class)))
    public Uni<Response> generic(byte[] body, @HeaderParam("webhook-id") String id,
            @HeaderParam("webhook-timestamp") String timestamp, @HeaderParam("webhook-signature") String signature) {
        if (config.generic().secret().filter(s -> !s.isBlank()).isEmpty()) {
            throw notConfigured();
        }
        if (!WebhookSignatures.standard(config.generic().secret().get(), id, timestamp, signature, body, Instant.now(clock),
                config.generic().tolerance())) {
            throw rejected(FeedbackReports.GENERIC);
        }
        JsonNode report = read(body);
        return feedback.record(reports(() -> FeedbackReports.generic(report, id))).map(ignored -> noContent());
    }

    /** The generic report. */
    @Schema(name = "DeliveryFeedback", requiredProperties = { "type", "email" })
    public record GenericReport(@Schema(enumeration = { "hard_bounce", "soft_bounce", "complaint" }) String type, String email,
            @Schema(description = "The provider's message id") String messageId, @Schema(maxLength = 200) String detail) {
    }

    private JsonNode read(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new FlowException(ErrorCode.INVALID_REQUEST, "The body is not JSON.");
        }
    }

    private static List<Feedback> reports(Supplier<List<Feedback>> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new FlowException(ErrorCode.INVALID_REQUEST, "Not a report of this provider: " + e.getMessage() + ".");
        }
    }

    private FlowException rejected(String provider) {
        registry.counter("countersign.feedback.rejected", "provider", provider).increment();
        return new FlowException(ErrorCode.WEBHOOK_UNAUTHENTICATED, "The webhook's signature or credentials are missing or wrong.");
    }

    private static FlowException notConfigured() {
        return new FlowException(ErrorCode.NOT_FOUND, "Not found.");
    }

    private static Response noContent() {
        return Response.noContent().build();
    }
}
