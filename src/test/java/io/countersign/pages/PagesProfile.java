package io.countersign.pages;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The hosted-page tests run the application on a port chosen before it starts, so that the notification links
 * (countersign.notifier.links.base-url, env COUNTERSIGN_PUBLIC_BASE_URL) point at this very server and the
 * browser opens them exactly as they arrive in the mail. The per-account limit of code checks is low so that
 * the pages' rate limit is observable. The process {@code join} exists only here.
 */
public class PagesProfile implements QuarkusTestProfile {

    static final int PORT = freePort();
    static final String BASE_URL = "http://localhost:" + PORT;
    static final int CODE_LIMIT_PER_ACCOUNT = 4;

    @Override
    public Map<String, String> getConfigOverrides() {
        // %test-prefixed: application.properties sets these for the test profile, and a profiled name wins
        return Map.of("%test.quarkus.http.test-port", Integer.toString(PORT),
                "%test.countersign.notifier.links.base-url", BASE_URL,
                "%test.countersign.rate-limits.code.per-account", Integer.toString(CODE_LIMIT_PER_ACCOUNT),
                // a process defined by configuration alone, for the generic self-service page (ProcessPagesBrowserTest)
                "%test.countersign.selfservice.processes.join.stages", "consent,userDetails,emailValidation");
    }

    /**
     * One port per JVM: the profile is loaded by more than one class loader (JUnit's and Quarkus'), so the choice
     * is kept in a system property rather than a static field alone.
     */
    private static synchronized int freePort() {
        String chosen = System.getProperty("io.countersign.pages.test-port");
        if (chosen != null) {
            return Integer.parseInt(chosen);
        }
        int port = newFreePort();
        System.setProperty("io.countersign.pages.test-port", Integer.toString(port));
        return port;
    }

    private static int newFreePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
