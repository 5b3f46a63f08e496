package io.countersign.selfservice;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.audit.ClientInfo;
import io.countersign.captcha.CaptchaConfig;
import io.countersign.captcha.CaptchaProvider;
import io.countersign.captcha.CaptchaVerifier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.mutiny.core.Vertx;

/** A process that names the captcha stage stops the start when no captcha provider is configured. */
class CaptchaStageTest {

    @Test
    void theCaptchaStageNeedsAProvider() {
        Vertx vertx = Vertx.vertx();
        try {
            CaptchaVerifier none = new CaptchaVerifier(new None(), new ClientInfo(new CurrentVertxRequest()), new ObjectMapper(),
                    new SimpleMeterRegistry(), vertx);
            assertThatThrownBy(() -> new CaptchaStage(none).configured("signup"))
                    .hasMessageContaining("countersign.selfservice.processes.signup.stages names captcha")
                    .hasMessageContaining("countersign.captcha.provider is none");
        } finally {
            vertx.closeAndAwait();
        }
    }

    /** The default settings: no provider. */
    private static final class None implements CaptchaConfig {
        public CaptchaProvider provider() {
            return CaptchaProvider.NONE;
        }

        public Optional<String> siteKey() {
            return Optional.empty();
        }

        public Optional<String> secret() {
            return Optional.empty();
        }

        public Optional<String> verifyUrl() {
            return Optional.empty();
        }

        public double minScore() {
            return 0.5;
        }

        public String action() {
            return "countersign";
        }

        public Optional<List<String>> hostnames() {
            return Optional.empty();
        }

        public boolean sendRemoteIp() {
            return true;
        }

        public Duration timeout() {
            return Duration.ofSeconds(5);
        }

        public Guards guards() {
            return null;
        }
    }
}
