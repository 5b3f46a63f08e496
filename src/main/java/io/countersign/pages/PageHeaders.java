package io.countersign.pages;

import java.net.URI;
import java.util.List;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.countersign.captcha.CaptchaProvider;
import io.countersign.captcha.CaptchaVerifier;
import io.countersign.captcha.CaptchaVerifier.Guard;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

/**
 * A strict Content-Security-Policy on every answer under {@code /pages}: nothing but this server's stylesheet
 * and script, images from this server (and the logo's origin), forms posting only here, no framing; when a captcha
 * guards a page's form, the script, frame (and for hCaptcha style and connect) origins of that provider only
 * (docs/captcha.md). The
 * other security headers ({@code Cache-Control: no-store}, {@code Referrer-Policy: no-referrer},
 * {@code X-Content-Type-Options}, {@code X-Frame-Options}) are set for every answer in application.properties.
 */
public class PageHeaders {

    private final String policy;
    /** The generic self-service page's: it renders the widget of a process's captcha stage whenever there is a provider. */
    private final String processPolicy;

    public PageHeaders(PagesConfig config, CaptchaVerifier captcha) {
        boolean widget = captcha.guards(Guard.FORGOT) || captcha.guards(Guard.RESEND);
        this.policy = policy(config, widget ? captcha.provider() : CaptchaProvider.NONE);
        this.processPolicy = policy(config, captcha.provider());
    }

    /** The policy for these settings, with the origins of the captcha provider whose widget the pages render. */
    static String policy(PagesConfig config, CaptchaProvider captcha) {
        String images = "'self'" + config.logoUrl().map(PageHeaders::origin).filter(o -> !o.isEmpty()).map(o -> " " + o).orElse("");
        String styles = captcha.needsStylesAndCalls() ? sources(captcha.scriptOrigins()) : "";
        return "default-src 'none'; style-src 'self'" + styles + "; script-src 'self'" + sources(captcha.scriptOrigins())
                + "; img-src " + images
                + (captcha.needsStylesAndCalls() ? "; connect-src" + sources(captcha.scriptOrigins()) : "")
                + (captcha.frameOrigins().isEmpty() ? "" : "; frame-src" + sources(captcha.frameOrigins()))
                + "; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    }

    private static String sources(List<String> origins) {
        return origins.stream().map(o -> " " + o).reduce("", String::concat);
    }

    /** The origin of an absolute logo URL, or empty for a path on this server. */
    static String origin(String url) {
        URI uri = URI.create(url.strip());
        if (uri.getScheme() == null) {
            return "";
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalStateException("countersign.pages.logo-url must be an http(s) URL or a path");
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    String policy() {
        return policy;
    }

    @ServerResponseFilter
    public void contentSecurityPolicy(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/pages/selfservice/")) {
            response.getHeaders().putSingle("Content-Security-Policy", processPolicy);
        } else if (path.equals("/pages") || path.startsWith("/pages/")) {
            response.getHeaders().putSingle("Content-Security-Policy", policy);
        }
    }
}
