package example.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Opens the sealed example of docs/events.md ("resendVerifySignup") with the development key the page names. */
class SecretOpenerTest {

    static final String DEV_KEY = "Mx0yqz5t0xq7wJd3yq6Ck2Ukq8M2y5mV6rQbE3tJ9hA=";
    static final String EXAMPLE = """
            { "notificationType": "resendVerifySignup", "userId": "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
              "secret": { "keyId": "k1", "alg": "A256GCM", "iv": "OFiedP20aIHok7cf",
                "ciphertext": "e25DlPt8x-WbD1fWX5M8uTQPpwdHBQ0WixOLABLo6DdCpJuAv4VxwSzyxLW_YH8L38gW6pIL60rHiczrJ-HwzGOd0J2aT4UY3Rf-SN9HDD4pwP066O6V5QHib5W9WP3Zt9Y2a14rY-U" } }
            """;

    private final ObjectMapper json = new ObjectMapper();
    private final SecretOpener opener = new SecretOpener(Map.of("k1", DEV_KEY));

    @Test
    void opensTheDocumentedExample() throws Exception {
        JsonNode data = json.readTree(EXAMPLE);
        SecretOpener.Secret secret = opener.open(data.get("secret"), data.get("userId").asText());
        assertTrue(secret.token().matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), "token is selector.verifier");
        assertTrue(secret.code().matches("\\d{6}"), "code is 6 digits");
    }

    @Test
    void refusesAnotherUsersIdAnAlteredCiphertextAndAnUnknownKey() throws Exception {
        JsonNode data = json.readTree(EXAMPLE);
        ObjectNode secret = (ObjectNode) data.get("secret");
        assertThrows(SecretOpener.UnopenableSecret.class, () -> opener.open(secret, "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f1"));
        ObjectNode altered = secret.deepCopy();
        String ciphertext = secret.get("ciphertext").asText();
        altered.put("ciphertext", (ciphertext.charAt(0) == 'A' ? "B" : "A") + ciphertext.substring(1));
        assertThrows(SecretOpener.UnopenableSecret.class, () -> opener.open(altered, data.get("userId").asText()));
        ObjectNode otherKey = secret.deepCopy().put("keyId", "k2");
        SecretOpener.UnopenableSecret e = assertThrows(SecretOpener.UnopenableSecret.class,
                () -> opener.open(otherKey, data.get("userId").asText()));
        assertEquals("unknown key id", e.getMessage());
    }
}
