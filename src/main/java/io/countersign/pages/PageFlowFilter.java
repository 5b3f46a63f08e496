package io.countersign.pages;

import java.util.List;
import java.util.Map;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Answers a page of a switched-off flow with a page that says it is not offered (403), whatever the method. */
public class PageFlowFilter {

    private final PageFlows flows;
    private final Pages pages;

    public PageFlowFilter(PageFlows flows, Pages pages) {
        this.flows = flows;
        this.pages = pages;
    }

    @ServerRequestFilter
    public Response notOffered(ContainerRequestContext context, HttpHeaders headers, UriInfo uri) {
        String path = uri.getPath();
        if (!path.startsWith("/pages/") || flows.offered(path)) {
            return null;
        }
        PageRequest request = pages.request(headers, uri, uri.getQueryParameters().getFirst("lang"));
        PageMessages t = request.text();
        return pages.render(request, 403, "message", Map.of("title", t.offTitle(), "tone", "error",
                "paragraphs", List.of(t.offText(pages.productName()))));
    }
}
