package io.countersign.suites;

import org.junit.platform.suite.api.BeforeSuite;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.IncludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The tests tagged {@value #TAG}: the five-minute outages of issue 16 ({@code delivery/SmtpOutageTest},
 * {@code ops/NotifierDatabaseOutageTest}), which mostly wait. Such a class's name ends in {@code OutageTest}: only
 * those are loaded here, because loading a {@code @QuarkusTest} class builds the application of its test profile, and
 * this JVM should build only the two it needs. (A class tagged {@value #TAG} with another name would run in neither
 * suite.) {@code ./mvnw verify} runs them in a JVM of their own
 * while {@link MainSuite} runs in another (pom.xml, profile {@code suites}); that JVM has its own PostgreSQL database,
 * Kafka broker and SMTP server ({@code testing/Infra}, random ports), so stopping its SMTP server or its database
 * touches nothing of the other. Its application log is {@code target/quarkus-test-outage.log}, so that the two JVMs
 * do not write and roll over one file.
 */
@Suite
@SelectPackages("io.countersign")
@IncludeClassNamePatterns(".*OutageTest")
@IncludeTags(OutageSuite.TAG)
public class OutageSuite {

    /** The tag of a test that belongs here. */
    public static final String TAG = "outage";

    @BeforeSuite
    static void ownLog() {
        // a system property outranks application.properties; the %test name is the one set there
        System.setProperty("%test.quarkus.log.file.path", "target/quarkus-test-outage.log");
    }
}
