package io.countersign.error;

/**
 * A refusal about the terms and conditions ({@link ErrorCode#TERMS_NOT_ACCEPTED} or
 * {@link ErrorCode#TERMS_ACCEPTANCE_REQUIRED}) that names the version in force and where to read it, so that a client
 * can show them and ask again: problem+json members {@code termsVersion} and {@code termsUrl}, Feathers {@code data}.
 */
public class TermsRefusal extends FlowException {

    private final String version;
    private final String url;

    public TermsRefusal(ErrorCode code, String message, String field, String version, String url) {
        super(code, message, field);
        this.version = version;
        this.url = url;
    }

    public String version() {
        return version;
    }

    public String url() {
        return url;
    }
}
