package io.countersign.api;

import static io.countersign.api.Fixtures.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.countersign.event.NotificationType;
import io.countersign.event.SecretBox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

@QuarkusTest
class ConcurrencyTest {

    @Inject
    SecretBox box;

    @Test
    void concurrentUsesOfOneResetTokenSucceedExactlyOnce() throws Exception {
        String email = uniqueEmail("race");
        String id = Fixtures.verifiedUser(email);
        given().contentType(ContentType.JSON).body(Map.of("email", email)).post("/password/forgot").then().statusCode(202);
        String token = new Fixtures(box).latestSecret(id, NotificationType.SEND_RESET_PWD).token();
        int n = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String password = "parallel passphrase " + i;
                Callable<Integer> call = () -> {
                    start.await();
                    return given().contentType(ContentType.JSON).body(Map.of("token", token, "password", password))
                            .post("/password/reset").statusCode();
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get());
            }
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
            assertThat(statuses).filteredOn(s -> s != 200).allMatch(s -> s == 400);
            assertThat(Fixtures.outboxCount(id, NotificationType.RESET_PWD)).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
