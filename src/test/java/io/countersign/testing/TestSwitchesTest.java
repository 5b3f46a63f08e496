package io.countersign.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * The {@code -Dcountersign.test.*} switches leave the application's configuration namespace before Quarkus
 * starts (its {@code @ConfigMapping} would refuse them) and stay readable under their documented names.
 */
class TestSwitchesTest {

    @Test
    void movesTheSwitchesOutOfTheConfigNamespaceAndLeavesTheRest() {
        Properties p = new Properties();
        p.setProperty("countersign.test.postgres", "embedded");
        p.setProperty("countersign.test.postgres.port", "5433");
        p.setProperty("countersign.enumeration-protection", "false");
        p.setProperty("countersign.local.api-port", "8080");

        assertThat(TestSwitches.moveOutOfTheConfigNamespace(p)).isEqualTo(2);

        assertThat(p.stringPropertyNames()).containsExactlyInAnyOrder("countersign-test.postgres",
                "countersign-test.postgres.port", "countersign.enumeration-protection", "countersign.local.api-port");
        assertThat(p.getProperty("countersign-test.postgres")).isEqualTo("embedded");
    }

    @Test
    void theSessionListenerHasAlreadyMovedThisJvmsSwitches() {
        // registered in META-INF/services: by the time a test runs, no countersign.test.* property is left
        assertThat(System.getProperties().stringPropertyNames()).noneMatch(n -> n.startsWith("countersign.test."));
    }

    @Test
    void readsASwitchUnderEitherName() {
        System.setProperty("countersign-test.switches-test", "moved");
        System.setProperty("countersign.test.switches-test-direct", "direct");
        try {
            assertThat(TestSwitches.get("switches-test", "default")).isEqualTo("moved");
            assertThat(TestSwitches.get("switches-test-direct", "default")).isEqualTo("direct");
            assertThat(TestSwitches.get("switches-test-unset", "default")).isEqualTo("default");
        } finally {
            System.clearProperty("countersign-test.switches-test");
            System.clearProperty("countersign.test.switches-test-direct");
        }
    }

    @Test
    void refusesAPortThatIsNotOne() {
        System.setProperty("countersign-test.switches-test.port", "54x");
        try {
            assertThatThrownBy(() -> TestSwitches.port("switches-test.port", 5432))
                    .hasMessageContaining("-Dcountersign.test.switches-test.port=54x");
            assertThat(TestSwitches.port("switches-test.unset-port", 5432)).isEqualTo(5432);
        } finally {
            System.clearProperty("countersign-test.switches-test.port");
        }
    }
}
