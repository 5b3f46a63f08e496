package io.countersign.pages;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.countersign.config.CountersignConfig;
import io.countersign.error.FlowException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

/**
 * The form that chooses a password (template {@code password}): a reset link or code, and the verification link
 * of an invited account. Lists the policy before the fields and words a policy refusal by its rule.
 */
@ApplicationScoped
class PasswordForm {

    /** What differs between the pages that use the form. */
    record Wording(String title, String intro, String action, String button) {
    }

    private final Pages pages;
    private final CountersignConfig config;

    PasswordForm(Pages pages, CountersignConfig config) {
        this.pages = pages;
        this.config = config;
    }

    /** The form for a link ({@code token} non-null) or, with {@code codeFields}, the code variant. */
    Response render(PageRequest request, int status, Wording wording, String token, String error, Map<String, Object> codeFields) {
        PageMessages t = request.text();
        Map<String, Object> data = new HashMap<>(Map.of("title", wording.title(), "intro", wording.intro(),
                "action", wording.action(), "error", error, "policyTitle", t.policyTitle(), "rules", rules(t),
                "passwordLabel", t.passwordLabel(), "confirmLabel", t.confirmLabel(), "button", wording.button()));
        data.putAll(Map.of("strengthHint", t.strengthHint(), "strengthWeak", t.strengthWeak(), "strengthFair", t.strengthFair(),
                "strengthStrong", t.strengthStrong()));
        if (token != null) {
            data.put("token", token);
        }
        data.putAll(codeFields);
        return pages.render(request, status, "password", data);
    }

    /** A policy refusal in the words of the rule it broke. */
    String policyMessage(PageMessages t, FlowException refusal) {
        String message = refusal.getMessage();
        if (message.contains("too easy to guess")) {
            return t.policyTitle() + ": " + t.policyStrength() + ".";
        }
        if (message.contains("at least") || message.contains("at most") || message.contains("required")) {
            return t.policyTitle() + ": " + t.policyLength(config.passwords().minLength(), config.passwords().maxLength()) + ".";
        }
        if (message.contains("too common")) {
            return t.policyTitle() + ": " + t.policyCommon() + ".";
        }
        return t.policyTitle() + ": " + t.policyIdentity() + ".";
    }

    /** The rules of the password policy, as the page lists them (the strength rule only when it is on). */
    private List<String> rules(PageMessages t) {
        List<String> rules = new ArrayList<>(List.of(
                t.policyLength(config.passwords().minLength(), config.passwords().maxLength()), t.policyCommon(), t.policyIdentity()));
        if (config.passwords().minStrength() > 0) {
            rules.add(t.policyStrength());
        }
        return rules;
    }
}
