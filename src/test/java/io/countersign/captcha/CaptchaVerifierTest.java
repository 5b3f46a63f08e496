package io.countersign.captcha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.audit.ClientInfo;
import io.countersign.error.CaptchaUnavailable;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.testing.CaptchaStub;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.mutiny.core.Vertx;

/**
 * Each provider's site-verify API, against a local stub that checks the request exactly ({@link CaptchaStub}): a solved
 * captcha passes, an unsolved one is {@code captcha_invalid}, reCAPTCHA v3 refuses a low score and another action, a
 * missing response asks nothing, and a provider that is down, slow, unreachable, answers garbage or refuses our secret
 * fails closed (503). Plain JUnit with a Vert.x instance: no application needed.
 */
class CaptchaVerifierTest {

    private static final Vertx VERTX = Vertx.vertx();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @AfterAll
    static void close() {
        VERTX.closeAndAwait();
    }

    /** The settings of one test: the provider, its stub, and the secret. */
    record Settings(CaptchaProvider provider, String url, String secretValue, Optional<List<String>> hostnames, Duration timeout)
            implements CaptchaConfig {

        public Optional<String> siteKey() {
            return Optional.of(CaptchaStub.SITE_KEY);
        }

        public Optional<String> secret() {
            return Optional.ofNullable(secretValue);
        }

        public Optional<String> verifyUrl() {
            return Optional.of(url);
        }

        public double minScore() {
            return 0.5;
        }

        public String action() {
            return CaptchaStub.ACTION;
        }

        public boolean sendRemoteIp() {
            return true;
        }

        public Guards guards() {
            return new Guards() {
                public boolean signUp() {
                    return true;
                }

                public boolean forgot() {
                    return true;
                }

                public boolean resend() {
                    return false;
                }
            };
        }
    }

    private static CaptchaVerifier verifier(CaptchaStub stub, CaptchaProvider provider) {
        return verifier(new Settings(provider, stub.url(), CaptchaStub.SECRET, Optional.empty(), Duration.ofSeconds(2)));
    }

    private static CaptchaVerifier verifier(Settings settings) {
        return new CaptchaVerifier(settings, new ClientInfo(new CurrentVertxRequest()), new ObjectMapper(), new SimpleMeterRegistry(),
                VERTX);
    }

    private static Throwable failure(CaptchaVerifier verifier, String response) {
        try {
            verifier.check(response).await().atMost(WAIT);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static ErrorCode code(Throwable failure) {
        assertThat(failure).isInstanceOf(FlowException.class);
        return ((FlowException) failure).code();
    }

    @ParameterizedTest
    @EnumSource(value = CaptchaProvider.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void aSolvedCaptchaPassesAndTheRequestIsTheDocumentedForm(CaptchaProvider provider) {
        try (CaptchaStub stub = new CaptchaStub(provider)) {
            CaptchaVerifier verifier = verifier(stub, provider);
            assertThat(failure(verifier, CaptchaStub.PASS)).isNull();
            CaptchaStub.Request request = stub.last();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.contentType()).isEqualTo("application/x-www-form-urlencoded");
            assertThat(request.path()).isEqualTo(URI.create(provider.defaultVerifyUrl()).getPath());
            assertThat(request.form()).containsEntry("secret", CaptchaStub.SECRET).containsEntry("response", CaptchaStub.PASS);
            assertThat(request.form().keySet()).containsExactlyElementsOf(provider == CaptchaProvider.HCAPTCHA
                    ? List.of("secret", "response", "sitekey") : List.of("secret", "response"));
            assertThat(stub.refused()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(value = CaptchaProvider.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void anUnsolvedCaptchaIsInvalidAndAMissingOneIsRequiredWithoutAsking(CaptchaProvider provider) {
        try (CaptchaStub stub = new CaptchaStub(provider)) {
            CaptchaVerifier verifier = verifier(stub, provider);
            assertThat(code(failure(verifier, "forged-token"))).isEqualTo(ErrorCode.CAPTCHA_INVALID);
            assertThat(code(failure(verifier, null))).isEqualTo(ErrorCode.CAPTCHA_REQUIRED);
            assertThat(code(failure(verifier, " "))).isEqualTo(ErrorCode.CAPTCHA_REQUIRED);
            assertThat(code(failure(verifier, "x".repeat(CaptchaVerifier.MAX_RESPONSE + 1)))).isEqualTo(ErrorCode.CAPTCHA_INVALID);
            assertThat(stub.requests()).hasSize(1);
            assertThat(stub.refused()).isEmpty();
        }
    }

    @Test
    void recaptchaV3RefusesALowScoreAndAnotherAction() {
        try (CaptchaStub stub = new CaptchaStub(CaptchaProvider.RECAPTCHA_V3)) {
            CaptchaVerifier verifier = verifier(stub, CaptchaProvider.RECAPTCHA_V3);
            assertThat(failure(verifier, CaptchaStub.PASS)).isNull();
            assertThat(code(failure(verifier, CaptchaStub.LOW_SCORE))).isEqualTo(ErrorCode.CAPTCHA_INVALID);
            assertThat(code(failure(verifier, CaptchaStub.WRONG_ACTION))).isEqualTo(ErrorCode.CAPTCHA_INVALID);
        }
        // v2 answers carry no score or action: the same tokens pass there
        try (CaptchaStub stub = new CaptchaStub(CaptchaProvider.RECAPTCHA_V2)) {
            CaptchaVerifier verifier = verifier(stub, CaptchaProvider.RECAPTCHA_V2);
            assertThat(failure(verifier, CaptchaStub.LOW_SCORE)).isNull();
            assertThat(failure(verifier, CaptchaStub.WRONG_ACTION)).isNull();
        }
    }

    @Test
    void aCaptchaSolvedOnAnotherHostIsRefusedWhenHostnamesAreSet() {
        try (CaptchaStub stub = new CaptchaStub(CaptchaProvider.TURNSTILE)) {
            CaptchaVerifier other = verifier(new Settings(CaptchaProvider.TURNSTILE, stub.url(), CaptchaStub.SECRET,
                    Optional.of(List.of("login.example")), Duration.ofSeconds(2)));
            assertThat(code(failure(other, CaptchaStub.PASS))).isEqualTo(ErrorCode.CAPTCHA_INVALID);
            CaptchaVerifier ours = verifier(new Settings(CaptchaProvider.TURNSTILE, stub.url(), CaptchaStub.SECRET,
                    Optional.of(List.of(CaptchaStub.HOSTNAME)), Duration.ofSeconds(2)));
            assertThat(failure(ours, CaptchaStub.PASS)).isNull();
        }
    }

    @Test
    void aProviderThatFailsIsAnOutageNeverAPass() {
        try (CaptchaStub stub = new CaptchaStub(CaptchaProvider.HCAPTCHA)) {
            CaptchaVerifier verifier = verifier(stub, CaptchaProvider.HCAPTCHA);
            stub.mode(CaptchaStub.Mode.DOWN);
            assertThat(reason(failure(verifier, CaptchaStub.PASS))).isEqualTo("status_503");
            stub.mode(CaptchaStub.Mode.GARBAGE);
            assertThat(reason(failure(verifier, CaptchaStub.PASS))).isEqualTo("garbage");
            stub.mode(CaptchaStub.Mode.SLOW);
            CaptchaVerifier quick = verifier(new Settings(CaptchaProvider.HCAPTCHA, stub.url(), CaptchaStub.SECRET, Optional.empty(),
                    Duration.ofMillis(500)));
            long start = System.nanoTime();
            assertThat(reason(failure(quick, CaptchaStub.PASS))).isEqualTo("timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            stub.mode(CaptchaStub.Mode.NORMAL);
            CaptchaVerifier wrongSecret = verifier(new Settings(CaptchaProvider.HCAPTCHA, stub.url(), "not-the-secret",
                    Optional.empty(), Duration.ofSeconds(2)));
            assertThat(reason(failure(wrongSecret, CaptchaStub.PASS))).isEqualTo("misconfigured");
        }
        CaptchaVerifier unreachable = verifier(new Settings(CaptchaProvider.TURNSTILE, "http://127.0.0.1:1/turnstile/v0/siteverify",
                CaptchaStub.SECRET, Optional.empty(), Duration.ofSeconds(2)));
        assertThat(reason(failure(unreachable, CaptchaStub.PASS))).isEqualTo("unreachable");
    }

    private static String reason(Throwable failure) {
        assertThat(failure).isInstanceOf(CaptchaUnavailable.class);
        assertThat(((CaptchaUnavailable) failure).code().status()).isEqualTo(503);
        return ((CaptchaUnavailable) failure).reason();
    }

    @Test
    void guardsFollowTheSettingsAndAProviderNeedsItsKeys() {
        try (CaptchaStub stub = new CaptchaStub(CaptchaProvider.TURNSTILE)) {
            CaptchaVerifier verifier = verifier(stub, CaptchaProvider.TURNSTILE);
            assertThat(verifier.guards(CaptchaVerifier.Guard.SIGN_UP)).isTrue();
            assertThat(verifier.guards(CaptchaVerifier.Guard.RESEND)).isFalse();
            // an unguarded flow passes without asking the provider
            verifier.guard(CaptchaVerifier.Guard.RESEND, null).await().atMost(WAIT);
            assertThat(stub.requests()).isEmpty();
        }
        assertThatThrownBy(() -> verifier(new Settings(CaptchaProvider.TURNSTILE, "https://example.com", null, Optional.empty(),
                Duration.ofSeconds(2)))).hasMessageContaining("countersign.captcha.secret");
        CaptchaVerifier none = verifier(new Settings(CaptchaProvider.NONE, "https://example.com", null, Optional.empty(),
                Duration.ofSeconds(2)));
        assertThat(none.guards(CaptchaVerifier.Guard.SIGN_UP)).isFalse();
    }
}
