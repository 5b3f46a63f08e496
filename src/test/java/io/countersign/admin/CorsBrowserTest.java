package io.countersign.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import com.sun.net.httpserver.HttpServer;

import io.countersign.testing.Accounts;
import io.countersign.testing.Mailbox;
import io.countersign.testing.OffContract;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * Issue 15 item 4 in a real Chromium: a page served from an allowed second origin (a small HTTP server of this test)
 * signs up, verifies, logs in and reads the account with {@code fetch()}, the last with an {@code Authorization}
 * header (a preflight); the same page from an origin not on the list is refused by the browser, and its sign-up never
 * reaches the API. The preflight answers themselves are checked over HTTP.
 */
@QuarkusTest
@TestProfile(AdminProfile.class)
class CorsBrowserTest {

    private static final Pattern LINK = Pattern.compile("/pages/verify\\?token=([A-Za-z0-9._~%-]+)");

    /** The frontend: calls the API given to it, and answers status and body (or the browser's error) to the test. */
    private static final String PAGE = """
            <!doctype html><html><head><title>frontend</title></head><body><h1>A frontend on another origin</h1>
            <script>
            async function call(api, method, path, body, token) {
              const headers = {};
              if (body) headers['Content-Type'] = 'application/json';
              if (token) headers['Authorization'] = 'Bearer ' + token;
              try {
                const r = await fetch(api + path, {method, headers, body: body ? JSON.stringify(body) : undefined});
                return {status: r.status, body: await r.text(), location: r.headers.get('Location')};
              } catch (e) {
                return {error: String(e)};
              }
            }
            </script></body></html>
            """;

    private static HttpServer allowed;
    private static HttpServer other;
    private static ChromeDriver browser;
    private static Path profile;

    @BeforeAll
    static void start() throws IOException {
        allowed = serve(AdminProfile.ALLOWED_ORIGIN_PORT);
        other = serve(0);
        profile = Files.createTempDirectory("countersign-cors-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort().build(), options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        allowed.stop(0);
        other.stop(0);
    }

    @Test
    void aPageFromAnAllowedOriginSignsUpAndLogsIn() {
        String email = "cors-" + UUID.randomUUID() + "@example.com";
        browser.get(AdminProfile.ALLOWED_ORIGIN + "/");
        assertThat(browser.getTitle()).isEqualTo("frontend");

        Map<String, Object> signUp = call("POST", "/users", Map.of("email", email, "password", AdminApiTest.PASSWORD), null);
        assertThat(signUp).containsEntry("status", 202L);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Mailbox.to(email).size() == 1);
        Matcher link = LINK.matcher(Mailbox.part(Mailbox.to(email).get(0), "text/plain"));
        assertThat(link.find()).isTrue();
        String token = URLDecoder.decode(link.group(1), StandardCharsets.UTF_8);

        assertThat(call("POST", "/verification/confirm", Map.of("token", token, "password", AdminApiTest.PASSWORD), null))
                .containsEntry("status", 200L);
        Map<String, Object> login = call("POST", "/authentication",
                Map.of("strategy", "local", "email", email, "password", AdminApiTest.PASSWORD), null);
        assertThat(login).containsEntry("status", 201L);
        String accessToken = (String) ((Map<?, ?>) browser.executeScript("return JSON.parse(arguments[0]);", login.get("body")))
                .get("accessToken");
        // with the Authorization header: the browser asks first (preflight) and sends the request once allowed
        Map<String, Object> me = call("GET", "/users/me", null, accessToken);
        assertThat(me).containsEntry("status", 200L);
        assertThat((String) me.get("body")).contains(email);
        // an error answer is readable too: the page sees the problem, not a network error
        assertThat(call("GET", "/users/me", null, "not-a-token")).containsEntry("status", 401L);
    }

    @Test
    @OffContract("the test checks preflight requests, which the document does not describe")
    void aPageFromAnotherOriginIsRefusedByTheBrowser() {
        String email = "cors-refused-" + UUID.randomUUID() + "@example.com";
        browser.get("http://127.0.0.1:" + other.getAddress().getPort() + "/");

        Map<String, Object> signUp = call("POST", "/users", Map.of("email", email, "password", AdminApiTest.PASSWORD), null);
        assertThat(signUp).containsKey("error").doesNotContainKey("status");
        assertThat((String) signUp.get("error")).contains("Failed to fetch");
        assertThat(Accounts.exists(email)).as("the preflight was refused: the sign-up never reached the API").isFalse();
        // a simple request goes out, but the browser keeps the answer from the page
        assertThat(call("GET", "/users/me", null, null)).containsKey("error");

        // what the browser saw, over HTTP
        given().header("Origin", AdminProfile.ALLOWED_ORIGIN).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type").options("/users").then().statusCode(204)
                .header("Access-Control-Allow-Origin", AdminProfile.ALLOWED_ORIGIN)
                .header("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept, Accept-Language")
                .header("Access-Control-Max-Age", "600");
        given().header("Origin", "http://127.0.0.1:" + other.getAddress().getPort()).header("Access-Control-Request-Method", "POST")
                .options("/users").then().statusCode(403).header("Access-Control-Allow-Origin", (String) null);
        // API keys are for machines, not browsers
        given().header("Origin", AdminProfile.ALLOWED_ORIGIN).header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "x-api-key").options("/admin/users").then().statusCode(403);
        given().header("Origin", "https://frontend.example").get("/users/me").then().statusCode(401)
                .header("Access-Control-Allow-Origin", "https://frontend.example").header("Vary", "Origin");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> call(String method, String path, Map<String, Object> body, String token) {
        String api = "http://localhost:" + RestAssured.port;
        return (Map<String, Object>) browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1]; call(arguments[0], arguments[1], arguments[2], arguments[3], arguments[4]).then(done);",
                api, method, path, body, token);
    }

    private static HttpServer serve(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            byte[] page = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (var out = exchange.getResponseBody()) {
                out.write(page);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        server.start();
        return server;
    }
}
