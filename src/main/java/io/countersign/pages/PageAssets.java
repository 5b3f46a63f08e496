package io.countersign.pages;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/**
 * The stylesheet (with the configured accent colour) and the optional script of the hosted pages, read once at
 * start-up from {@code pages-assets/}. Created at start-up, so that a bad setting stops the start: the accent
 * colour must be a hex colour (configuration cannot inject CSS) and the logo an http(s) URL or a path.
 */
@ApplicationScoped
@Startup
@Path("/pages/assets")
public class PageAssets {

    private static final Pattern HEX_COLOUR = Pattern.compile("^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$");

    private final String css;
    private final String js;

    public PageAssets(PagesConfig config) {
        String accent = config.accentColor().strip();
        if (!HEX_COLOUR.matcher(accent).matches()) {
            throw new IllegalStateException("countersign.pages.accent-color must be #rgb or #rrggbb");
        }
        config.logoUrl().ifPresent(PageHeaders::origin);
        this.css = read("pages-assets/style.css").replace("ACCENT", accent);
        this.js = read("pages-assets/pages.js");
    }

    @GET
    @Path("/style.css")
    @Produces("text/css;charset=UTF-8")
    public String style() {
        return css;
    }

    @GET
    @Path("/pages.js")
    @Produces("text/javascript;charset=UTF-8")
    public String script() {
        return js;
    }

    private static String read(String resource) {
        try (InputStream in = PageAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
