package io.countersign.challenge;

/** What a challenge lets its holder do. A token issued for one purpose is refused for every other. */
public enum Purpose {
    VERIFY("verify"),
    RESET("reset"),
    IDENTITY_CHANGE("identity_change"),
    REVERT("revert");

    private final String dbValue;

    Purpose(String dbValue) {
        this.dbValue = dbValue;
    }

    public String dbValue() {
        return dbValue;
    }
}
