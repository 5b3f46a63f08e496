package io.countersign.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.notifier.sms.HttpSmsGateway;
import io.countersign.notifier.sms.SmsGateway;
import io.countersign.testing.SmsStub;

/** The HTTP SMS gateway against a local provider stub, without Quarkus: request formats and status mapping. */
class HttpSmsGatewayTest {

    private final SmsStub stub = new SmsStub();

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void twilioStyleFormPostWithBasicAuthentication() {
        SmsGateway gateway = new HttpSmsGateway(config("twilio", Optional.of("AC123"), Optional.of("secret"), Optional.empty()),
                new ObjectMapper());
        gateway.send("+4915112345678", "Code: 123456 & more").await().atMost(Duration.ofSeconds(10));
        SmsStub.Request request = stub.requests().get(0);
        assertEquals("/Accounts/AC123/Messages.json", request.path());
        assertEquals("application/x-www-form-urlencoded", request.contentType());
        assertEquals("Basic QUMxMjM6c2VjcmV0", request.authorization());
        assertEquals("To=%2B4915112345678&From=%2B15005550006&Body=Code%3A+123456+%26+more", request.body());
    }

    @Test
    void jsonWebhookWithBearerToken() {
        SmsGateway gateway = new HttpSmsGateway(config("json", Optional.empty(), Optional.empty(), Optional.of("t0k")),
                new ObjectMapper());
        gateway.send("+4915112345678", "hello").await().atMost(Duration.ofSeconds(10));
        SmsStub.Request request = stub.requests().get(0);
        assertEquals("Bearer t0k", request.authorization());
        assertEquals("{\"to\":\"+4915112345678\",\"from\":\"+15005550006\",\"text\":\"hello\"}", request.body());
    }

    @Test
    void serverErrorsAreRetryableClientErrorsPermanent() {
        SmsGateway gateway = new HttpSmsGateway(config("json", Optional.empty(), Optional.empty(), Optional.empty()),
                new ObjectMapper());
        stub.answer(503);
        assertThrows(DeliveryFailure.class, () -> gateway.send("+4915112345678", "x").await().atMost(Duration.ofSeconds(10)));
        stub.answer(429);
        assertThrows(DeliveryFailure.class, () -> gateway.send("+4915112345678", "x").await().atMost(Duration.ofSeconds(10)));
        stub.answer(400);
        assertThrows(PermanentFailure.class, () -> gateway.send("+4915112345678", "x").await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void masksNumbersForLogs() {
        assertEquals("+49*********78", SmsGateway.mask("+4915112345678"));
        assertTrue(SmsGateway.mask("12").equals("***"));
    }

    private NotifierConfig.Http config(String format, Optional<String> user, Optional<String> password, Optional<String> bearer) {
        String path = format.equals("twilio") ? "/Accounts/AC123/Messages.json" : "/sms";
        return new NotifierConfig.Http() {
            public Optional<String> url() {
                return Optional.of(stub.url(path));
            }

            public String format() {
                return format;
            }

            public Optional<String> from() {
                return Optional.of("+15005550006");
            }

            public Optional<String> username() {
                return user;
            }

            public Optional<String> password() {
                return password;
            }

            public Optional<String> bearerToken() {
                return bearer;
            }

            public Duration timeout() {
                return Duration.ofSeconds(5);
            }
        };
    }
}
