package io.countersign.pages;

/** The pages that notification links open, by their default paths (countersign.notifier.links.*). */
public enum Link {
    VERIFY("/pages/verify"),
    RESET("/pages/reset"),
    IDENTITY_CONFIRM("/pages/identity/confirm"),
    IDENTITY_REVERT("/pages/identity/revert");

    private final String path;

    Link(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }
}
