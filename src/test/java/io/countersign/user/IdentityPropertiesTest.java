package io.countersign.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;

import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * jqwik properties of identity normalisation, the gate every identifying field of both surfaces passes: any
 * input either normalises (and normalising again changes nothing) or is refused with {@code invalid_identity},
 * never another exception (which would surface as a 500).
 */
class IdentityPropertiesTest {

    @Property(tries = 2000)
    void anyFieldsNormaliseOrAreRefusedCleanly(@ForAll("identityMaps") Map<String, String> fields) {
        Throwable failure = catchThrowable(() -> Identity.of(fields));
        if (failure == null) {
            Identity identity = Identity.of(fields);
            assertThat(Identity.of(identity.fields()).fields()).isEqualTo(identity.fields());
        } else {
            assertThat(failure).isInstanceOf(FlowException.class);
            assertThat(((FlowException) failure).code()).isEqualTo(ErrorCode.INVALID_IDENTITY);
        }
    }

    @Property(tries = 2000)
    void normalisedEmailsAreLowerCaseAndTrimmed(@ForAll("emails") String email) {
        Throwable failure = catchThrowable(() -> Identity.normalise(Identity.EMAIL, email));
        if (failure == null) {
            String normalised = Identity.normalise(Identity.EMAIL, email);
            assertThat(normalised).isEqualTo(normalised.strip().toLowerCase(java.util.Locale.ROOT));
        } else {
            assertThat(failure).isInstanceOf(FlowException.class);
        }
    }

    @Provide
    Arbitrary<Map<String, String>> identityMaps() {
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of(Identity.EMAIL, Identity.PHONE, Identity.USERNAME),
                Arbitraries.strings().ofMaxLength(12));
        return Arbitraries.maps(keys, values()).ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> emails() {
        return Arbitraries.oneOf(values(), Arbitraries.strings().withCharRange('A', 'z').ofMinLength(1).ofMaxLength(20)
                .map(local -> " " + local + "@Example.COM "));
    }

    private static Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().withChars("+0123456789 ()-.").ofMaxLength(20),
                Arbitraries.strings().withChars("ab@.-_ÄÖß\u0130\u212A").ofMaxLength(40),
                Arbitraries.strings().all().ofMaxLength(80));
    }
}
