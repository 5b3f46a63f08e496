package io.countersign.testing;

import java.util.Properties;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The test switches ({@code -Dcountersign.test.postgres=embedded}, {@code .host}, {@code .port}, {@code .user},
 * {@code -Dcountersign.test.kubectl=...}). Surefire and Failsafe hand Maven's {@code -D} options to the test JVM
 * as system properties, where the application's configuration would see them: {@code countersign.*} belongs to
 * its {@code @ConfigMapping}, which refuses unknown names (SRCFG00050), so Quarkus would not start. Registered as
 * a JUnit Platform session listener ({@code META-INF/services}), this class moves every {@code countersign.test.*}
 * system property to {@code countersign-test.*} before any test (and so any Quarkus start) runs; {@link #get}
 * reads either name, so code run outside JUnit (the local run, the benchmarks) sees the switches too.
 */
public final class TestSwitches implements LauncherSessionListener {

    static final String PREFIX = "countersign.test.";
    static final String MOVED_PREFIX = "countersign-test.";

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        moveOutOfTheConfigNamespace(System.getProperties());
    }

    /** Renames {@code countersign.test.x} to {@code countersign-test.x}; returns how many were moved. */
    static int moveOutOfTheConfigNamespace(Properties properties) {
        int moved = 0;
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                properties.setProperty(MOVED_PREFIX + name.substring(PREFIX.length()), properties.getProperty(name));
                properties.remove(name);
                moved++;
            }
        }
        return moved;
    }

    /** The switch {@code countersign.test.<name>}, or the default when it is not set. */
    public static String get(String name, String defaultValue) {
        String value = System.getProperty(PREFIX + name);
        if (value == null) {
            value = System.getProperty(MOVED_PREFIX + name);
        }
        return value == null || value.isBlank() ? defaultValue : value.strip();
    }

    /** The switch as a port number; anything else is refused with a message naming the switch. */
    public static int port(String name, int defaultValue) {
        String value = get(name, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            int port = Integer.parseInt(value);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("-D" + PREFIX + name + "=" + value + " is not a port number");
    }
}
