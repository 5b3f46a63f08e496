package io.countersign.selfservice;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.AesKey;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * {@link SelfServiceContract} with stateless tokens (signed and encrypted JWTs) and the stages of registration and
 * reset in another order than the shipped one.
 */
@QuarkusTest
@TestProfile(StatelessSelfServiceTest.StatelessReordered.class)
class StatelessSelfServiceTest extends SelfServiceContract {

    public static class StatelessReordered implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("countersign.selfservice.token.mode", "stateless",
                    "countersign.selfservice.processes.registration.stages", "userDetails,emailValidation,consent,termsAndConditions",
                    "countersign.selfservice.processes.reset.stages", "userQuery,emailValidation,validateActiveAccount,resetStage");
        }
    }

    @Override
    List<String> registrationOrder() {
        return List.of("userDetails", "emailValidation", "consent", "termsAndConditions");
    }

    @Override
    List<String> resetOrder() {
        return List.of("userQuery", "emailValidation", "resetStage");
    }

    /**
     * A stateless token carries its expiry: one is made with the configured keys, the claims of a live one's kind
     * and an expiry in the past, as the server would have issued it a lifetime ago.
     */
    @Override
    String expired(String liveToken) {
        try {
            byte[] signing = Base64.getDecoder().decode(config("countersign.selfservice.token.signing-key"));
            byte[] encryption = Base64.getDecoder().decode(config("countersign.selfservice.token.encryption-key"));
            JwtClaims claims = new JwtClaims();
            claims.setJwtId("expired-" + System.nanoTime());
            claims.setIssuedAt(NumericDate.fromSeconds(Instant.now().minusSeconds(3600).getEpochSecond()));
            claims.setExpirationTime(NumericDate.fromSeconds(Instant.now().minusSeconds(60).getEpochSecond()));
            claims.setClaim("process", "reset");
            claims.setClaim("state", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString("{\"_stage\":\"1\",\"id.email\":\"someone@example.com\"}".getBytes()));
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
            jws.setKey(new HmacKey(signing));
            JsonWebEncryption jwe = new JsonWebEncryption();
            jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.DIRECT);
            jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
            jwe.setContentTypeHeaderValue("JWT");
            jwe.setKey(new AesKey(encryption));
            jwe.setPayload(jws.getCompactSerialization());
            return jwe.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }
}
