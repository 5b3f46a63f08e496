package io.countersign.pages;

import java.util.Arrays;

import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.selfservice.StepAnswer;

/**
 * The words of the generic self-service page. In English a stage's own words are shown: its schema's description as
 * the title and each property's description as the label. In the other languages the stages and properties Countersign
 * ships have their translation in the page bundles; a stage or property of another kind keeps its own words.
 */
final class ProcessWording {

    private ProcessWording() {
    }

    static String title(PageRequest request, String stage, String description) {
        if (english(request)) {
            return description;
        }
        PageMessages t = request.text();
        String known = switch (stage) {
            case "userQuery" -> t.stageUserQuery();
            case "emailValidation", "smsValidation" -> t.stageValidation();
            case "resetStage" -> t.stageReset();
            case "userDetails" -> t.stageUserDetails();
            case "termsAndConditions" -> t.stageTerms();
            case "consent" -> t.stageConsent();
            default -> null;
        };
        return known != null ? known : description;
    }

    static String label(PageRequest request, String property, String description) {
        if (english(request)) {
            return description;
        }
        PageMessages t = request.text();
        String known = switch (property) {
            case "email" -> t.fieldEmail();
            case "phone" -> t.fieldPhone();
            case "username" -> t.fieldUsername();
            case "displayName" -> t.fieldDisplayName();
            case "password" -> t.fieldPassword();
            case "locale" -> t.fieldLocale();
            case "code" -> t.codeLabel();
            case "accept" -> t.fieldAccept();
            case "consentGiven" -> t.fieldConsent();
            default -> null;
        };
        return known != null ? known : description;
    }

    private static boolean english(PageRequest request) {
        return "en".equals(request.language());
    }

    /** A stage's refusal in the page's words where the page has them, else in the stage's own. */
    static String refusal(PageMessages t, StepAnswer.StageError error, String retryAfter, PageErrors errors,
            PasswordForm passwords) {
        ErrorCode code = Arrays.stream(ErrorCode.values()).filter(c -> c.code().equals(error.code())).findFirst().orElse(null);
        if (code == null) {
            return error.message();
        }
        FlowException refusal = new FlowException(code, error.message(), error.field());
        if (code == ErrorCode.PASSWORD_POLICY) {
            return passwords.policyMessage(t, refusal);
        }
        if (code == ErrorCode.RATE_LIMITED && retryAfter != null) {
            return t.rateLimited(Math.max(1, (Long.parseLong(retryAfter) + 59) / 60));
        }
        String text = errors.inForm(t, refusal);
        return text.equals(t.errorText()) ? error.message() : text;
    }
}
