package io.countersign.pages;

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
}
