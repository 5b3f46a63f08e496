package io.countersign.admin;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The admin API and CORS tests, and the security tests that need an administrator (audit, compliance, account
 * deletion), in one Quarkus start: two admin accounts ({@link #ADMIN} for the admin tests, {@link #SECURITY_ADMIN} for
 * the security ones), a bootstrap API key, and one allowed browser origin, {@code http://127.0.0.1:<port>}, whose port
 * is chosen once per JVM before the application starts (the browser test serves its frontend page there).
 */
public class AdminProfile implements QuarkusTestProfile {

    static final String ADMIN = "admin-api-admin@example.com";
    /** The administrator of {@code security/AuditTest}, {@code ComplianceTest} and {@code AccountDeletionTest}. */
    public static final String SECURITY_ADMIN = "audit-admin@example.com";
    static final String BOOTSTRAP_KEY = "bootstrap-key-for-the-admin-tests-0123456789";
    static final int ALLOWED_ORIGIN_PORT = freePort("io.countersign.admin.origin-port");
    static final String ALLOWED_ORIGIN = "http://127.0.0.1:" + ALLOWED_ORIGIN_PORT;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("countersign.admin.emails", ADMIN + "," + SECURITY_ADMIN, "countersign.admin.bootstrap-key", BOOTSTRAP_KEY,
                "countersign.cors.origins", ALLOWED_ORIGIN + ",https://frontend.example");
    }

    /** One port per JVM: the profile is loaded by more than one class loader, so the choice is kept in a system property. */
    static synchronized int freePort(String property) {
        String chosen = System.getProperty(property);
        if (chosen != null) {
            return Integer.parseInt(chosen);
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            System.setProperty(property, Integer.toString(socket.getLocalPort()));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
