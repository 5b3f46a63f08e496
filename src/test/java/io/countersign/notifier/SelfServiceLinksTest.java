package io.countersign.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.countersign.event.NotificationType;

/**
 * Issue 17: a message sent by a self-service stage links to the generic page of its process with the code, so that the
 * link continues the process; any other message keeps the page of its type. Plain JUnit: Links is pure string work.
 */
class SelfServiceLinksTest {

    private final Links links = new Links(config());

    @Test
    void aSelfServiceMessageLinksToItsProcessWithTheCode() {
        assertThat(links.link(NotificationType.SEND_RESET_PWD, "tok", "123456", "de", Map.of(Links.SELFSERVICE_PROCESS, "reset",
                "transport", "email"))).isEqualTo("https://id.example.com/pages/selfservice/reset?code=123456&lang=de");
        assertThat(links.link(NotificationType.RESEND_VERIFY_SIGNUP, "tok", "654321", null,
                Map.of(Links.SELFSERVICE_PROCESS, "join"))).isEqualTo("https://id.example.com/pages/selfservice/join?code=654321");
    }

    @Test
    void otherMessagesKeepThePageOfTheirType() {
        assertThat(links.link(NotificationType.SEND_RESET_PWD, "tok", "123456", "en", Map.of("transport", "email")))
                .isEqualTo("https://id.example.com/pages/reset?token=tok&lang=en");
        // not a process name, or no code to carry: the page of the type
        assertThat(links.link(NotificationType.SEND_RESET_PWD, "tok", "123456", null, Map.of(Links.SELFSERVICE_PROCESS, "../x")))
                .isEqualTo("https://id.example.com/pages/reset?token=tok");
        assertThat(links.link(NotificationType.SEND_RESET_PWD, "tok", null, null, Map.of(Links.SELFSERVICE_PROCESS, "reset")))
                .isEqualTo("https://id.example.com/pages/reset?token=tok");
        // a notice has no link, self-service or not
        assertThat(links.link(NotificationType.PASSWORD_CHANGE, null, null, null, Map.of(Links.SELFSERVICE_PROCESS, "reset"))).isNull();
    }

    /** The link settings as configured, the rest of the notifier's configuration unused. */
    private static NotifierConfig config() {
        NotifierConfig.Links paths = (NotifierConfig.Links) Proxy.newProxyInstance(SelfServiceLinksTest.class.getClassLoader(),
                new Class<?>[] { NotifierConfig.Links.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "baseUrl" -> "https://id.example.com/";
                    case "verifyPath" -> "/pages/verify";
                    case "resetPath" -> "/pages/reset";
                    case "identityConfirmPath" -> "/pages/identity/confirm";
                    case "identityRevertPath" -> "/pages/identity/revert";
                    case "selfservicePath" -> "/pages/selfservice";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (NotifierConfig) Proxy.newProxyInstance(SelfServiceLinksTest.class.getClassLoader(),
                new Class<?>[] { NotifierConfig.class }, (proxy, method, args) -> {
                    if (method.getName().equals("links")) {
                        return paths;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
