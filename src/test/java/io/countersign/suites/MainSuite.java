package io.countersign.suites;

import org.junit.platform.suite.api.ExcludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * Every test class of the module ({@code *Test}, {@code *Tests}, {@code Test*}, as Surefire's defaults) except the long
 * outages ({@link OutageSuite}), in one JUnit run, so that Quarkus' class orderer groups the classes by test profile
 * and each profile starts the application once. {@code ./mvnw verify} runs this suite and {@link OutageSuite} in two
 * JVMs at the same time (pom.xml, profile {@code suites}); {@code -Dtest=...} runs classes directly instead.
 */
@Suite
@SelectPackages("io.countersign")
@ExcludeTags(OutageSuite.TAG)
public class MainSuite {
}
