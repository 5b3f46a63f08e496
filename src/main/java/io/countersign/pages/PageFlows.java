package io.countersign.pages;

import java.util.List;

import io.countersign.config.Flow;
import io.countersign.flow.Methods;
import io.countersign.flow.Methods.Variant;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which flow each hosted page belongs to, in one table: a page of a switched-off flow (or of the other confirmation
 * or reset method) says so instead of offering it ({@link PageFlowFilter}), and no page links to it
 * ({@link Pages#render}).
 */
@ApplicationScoped
public class PageFlows {

    /** A page path (exact, or a prefix ending in '/') and its flow, or its method variant. */
    private record Entry(String path, Flow flow, Variant variant) {

        boolean matches(String requested) {
            return path.endsWith("/") ? requested.startsWith(path) : requested.equals(path);
        }
    }

    /** Most specific first. The done pages of a flow stay: they only say what happened. */
    private static final List<Entry> TABLE = List.of(
            new Entry("/pages/verify/done", null, null),
            new Entry("/pages/verify/code", Flow.VERIFY_CODE, null),
            new Entry("/pages/verify/resend", null, Variant.RESEND_MESSAGE),
            new Entry("/pages/verify/sent", null, Variant.RESEND_MESSAGE),
            new Entry("/pages/verify", Flow.VERIFY_LINK, null),
            new Entry("/pages/reset/done", null, null),
            new Entry("/pages/reset", Flow.RESET, null),
            new Entry("/pages/reset/", Flow.RESET, null),
            new Entry("/pages/forgot", null, Variant.FORGOT_MESSAGE),
            new Entry("/pages/forgot/", null, Variant.FORGOT_MESSAGE),
            new Entry("/pages/identity/", Flow.IDENTITY_CHANGE, null));

    private final Methods methods;

    public PageFlows(Methods methods) {
        this.methods = methods;
    }

    /** Whether the page at this path (query left off) is offered; pages of no flow always are. */
    public boolean offered(String path) {
        for (Entry entry : TABLE) {
            if (entry.matches(path)) {
                return entry.variant() != null ? methods.offered(entry.variant())
                        : entry.flow() == null || methods.offered(entry.flow());
            }
        }
        return true;
    }
}
