package io.countersign.notifier.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * Our AWS Signature Version 4 against the worked example of the AWS documentation ("Signature Version 4
 * signing process", IAM ListUsers, 2015-08-30): its canonical request hash, signing key and signature.
 */
class SigV4Test {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    @Test
    void theDocumentedExampleSignsToTheDocumentedSignature() {
        SigV4 signer = new SigV4("AKIDEXAMPLE", SECRET, "us-east-1", "iam");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        headers.put("Host", "iam.amazonaws.com");
        headers.put("X-Amz-Date", "20150830T123600Z");
        URI uri = URI.create("https://iam.amazonaws.com/?Version=2010-05-08&Action=ListUsers");

        String authorization = signer.authorization("GET", uri, headers, new byte[0], Instant.parse("2015-08-30T12:36:00Z"));

        assertThat(authorization).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, "
                + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
    }

    @Test
    void theDocumentedCanonicalRequestAndSigningKey() {
        Map<String, String> canonical = new TreeMap<>(Map.of("content-type", "application/x-www-form-urlencoded; charset=utf-8",
                "host", "iam.amazonaws.com", "x-amz-date", "20150830T123600Z"));
        String request = SigV4.canonicalRequest("GET", URI.create("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08"),
                canonical, "content-type;host;x-amz-date", new byte[0]);
        assertThat(request).isEqualTo("GET\n/\nAction=ListUsers&Version=2010-05-08\n"
                + "content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                + "content-type;host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(SigV4.hex(SigV4.sha256(request.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
        assertThat(SigV4.hex(new SigV4("AKIDEXAMPLE", SECRET, "us-east-1", "iam").signingKey("20150830")))
                .isEqualTo("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
    }
}
