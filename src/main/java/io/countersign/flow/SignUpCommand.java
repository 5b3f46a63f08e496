package io.countersign.flow;

import java.util.Map;

/** What a sign-up asks for; any field may be null. Validated by {@link SignUpService}. */
public record SignUpCommand(String email, String phone, String username, String password, String displayName,
        String preferredChannel, String locale, Map<String, String> notifierOptions) {
}
