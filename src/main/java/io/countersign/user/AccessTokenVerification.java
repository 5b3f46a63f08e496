package io.countersign.user;

import java.nio.charset.StandardCharsets;

import javax.crypto.spec.SecretKeySpec;

import io.countersign.config.CountersignConfig;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.config.JWTAuthContextInfoProvider;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

/**
 * Verifies access tokens with the HS256 secret that signs them ({@code countersign.login.jwt-secret}). smallrye-jwt
 * reads {@code smallrye.jwt.verify.secretkey} only as PEM or JWK content, never as a raw secret, so the secret
 * key is set here on top of the configured verification settings (issuer, algorithm, header).
 */
@ApplicationScoped
public class AccessTokenVerification {

    @Produces
    @Alternative
    @Priority(1)
    @ApplicationScoped
    JWTAuthContextInfo contextInfo(JWTAuthContextInfoProvider configured, CountersignConfig config) {
        JWTAuthContextInfo info = new JWTAuthContextInfo(configured.getContextInfo());
        info.setPublicKeyContent(null);
        info.setPublicKeyLocation(null);
        info.setPublicVerificationKey(null);
        info.setSecretVerificationKey(new SecretKeySpec(config.login().jwtSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return info;
    }
}
