package io.countersign.notifier.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The calling code a number belongs to, and the allow-list: plain logic, no Quarkus. */
class CallingCodesTest {

    @Test
    void aNumberBelongsToTheLongestNamedCallingCode() {
        CallingCodes codes = new CallingCodes(List.of("+1", "49"), Set.of("1876", "44"));
        assertThat(codes.prefixOf("+18765551234")).isEqualTo("1876");
        assertThat(codes.prefixOf("+12025551234")).isEqualTo("1");
        assertThat(codes.prefixOf("+4915112345678")).isEqualTo("49");
        assertThat(codes.prefixOf("+447700900123")).isEqualTo("44");
        assertThat(codes.prefixOf("+33612345678")).isEqualTo(CallingCodes.OTHER);
        assertThat(codes.tags()).containsExactly("1876", "44", "49", "1", CallingCodes.OTHER);
    }

    @Test
    void onlyAllowedCallingCodesMayReceiveAnSms() {
        CallingCodes codes = new CallingCodes(List.of("+1", " 49 "), Set.of("44"));
        assertThat(codes.allowed("+4915112345678")).isTrue();
        assertThat(codes.allowed("+18765551234")).isTrue();
        assertThat(codes.allowed("+447700900123")).as("capped or priced is not allowed").isFalse();
        assertThat(codes.allowed("+33612345678")).isFalse();
        assertThat(new CallingCodes(List.of(), Set.of()).allowed("+33612345678")).as("no allow-list: every number").isTrue();
    }
}
