package io.countersign.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.countersign.captcha.CaptchaProvider;

/** Pure rules of the pages: which languages count, where a logo may come from, how the identity field is read. */
class PageRulesTest {

    @Test
    void onlySupportedLanguagesAreChosen() {
        assertThat(PageLanguage.supported("de")).isEqualTo("de");
        assertThat(PageLanguage.supported("de-AT")).isEqualTo("de");
        assertThat(PageLanguage.supported("en_GB")).isEqualTo("en");
        assertThat(PageLanguage.supported("fr-CA")).isEqualTo("fr");
        assertThat(PageLanguage.supported("es")).isEqualTo("es");
        assertThat(PageLanguage.supported("it")).isNull();
        assertThat(PageLanguage.supported("<script>")).isNull();
        assertThat(PageLanguage.supported(null)).isNull();
        assertThat(PageLanguage.supported("x".repeat(100))).isNull();
    }

    @Test
    void theLogoOriginJoinsTheImagePolicy() {
        assertThat(PageHeaders.origin("https://cdn.example.com/brand/logo.svg")).isEqualTo("https://cdn.example.com");
        assertThat(PageHeaders.origin("https://cdn.example.com:8443/logo.png")).isEqualTo("https://cdn.example.com:8443");
        assertThat(PageHeaders.origin("/static/logo.png")).isEmpty();
        assertThatThrownBy(() -> PageHeaders.origin("javascript:alert(1)")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PageHeaders.origin("data:image/png;base64,AAAA")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theIdentityFieldIsAnEmailAPhoneOrAUsername() {
        assertThat(PageIdentity.of(" Ada@Example.com ").field()).isEqualTo("email");
        assertThat(PageIdentity.of("+4915112345678").field()).isEqualTo("phone");
        assertThat(PageIdentity.of("0151 1234").field()).isEqualTo("phone");
        assertThat(PageIdentity.of("ada_l").field()).isEqualTo("username");
        assertThat(PageIdentity.of("Ada@Example.com").accountKey()).isEqualTo("email=ada@example.com");
        assertThatThrownBy(() -> PageIdentity.of("  ")).hasMessageContaining("email or phone");
    }

    @Test
    void aBadAccentColourOrLogoStopsTheStart() {
        assertThat(new PageAssets(settings("#0a7", null)).style()).contains("--accent: #0a7;");
        assertThatThrownBy(() -> new PageAssets(settings("red; } body { display:none", null)))
                .hasMessageContaining("accent-color");
        assertThatThrownBy(() -> new PageAssets(settings("#1f4fd1", "javascript:alert(1)"))).hasMessageContaining("logo-url");
        assertThat(PageHeaders.policy(settings("#1f4fd1", "https://cdn.example.com/logo.svg"), CaptchaProvider.NONE))
                .contains("img-src 'self' https://cdn.example.com;");
    }

    private static PagesConfig settings(String accent, String logo) {
        return new PagesConfig() {
            public String productName() {
                return "Countersign";
            }

            public java.util.Optional<String> logoUrl() {
                return java.util.Optional.ofNullable(logo);
            }

            public String accentColor() {
                return accent;
            }

            public java.time.Duration linkCookieLifetime() {
                return java.time.Duration.ofMinutes(15);
            }

            public String defaultLanguage() {
                return "en";
            }
        };
    }
}
