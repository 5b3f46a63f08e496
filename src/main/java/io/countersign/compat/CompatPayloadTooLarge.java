package io.countersign.compat;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.web.PayloadTooLarge;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * An oversized body sent to {@code /authManagement} or {@code /authentication} is refused in the Feathers
 * envelope like every other compat failure: {@code 413 {"name":"PayloadTooLarge", "code":413,
 * "className":"payload-too-large", ...}}.
 */
@ApplicationScoped
public class CompatPayloadTooLarge implements PayloadTooLarge.Envelope {

    private final byte[] body;

    public CompatPayloadTooLarge(ObjectMapper json) throws JsonProcessingException {
        this.body = json.writeValueAsString(FeathersError.of(413, "The request body is larger than the server accepts."))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean covers(String path) {
        return under(path, "/authManagement") || under(path, "/authentication");
    }

    private static boolean under(String path, String root) {
        return path.equals(root) || path.startsWith(root + "/");
    }

    @Override
    public String mediaType() {
        return Wire.JSON_UTF8;
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
