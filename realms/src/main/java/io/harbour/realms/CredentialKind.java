package io.harbour.realms;

/**
 * The two kinds of secret a realm hands out. The prefix is part of the printed key so that a
 * person, a secret scanner and the authenticators can tell them apart without a lookup.
 */
public enum CredentialKind {
    /** Sends logs to the receiver. */
    WRITE("hk", "write key"),
    /** Reads through the query API, within a {@link QueryScope}. */
    QUERY("hq", "query token");

    private final String prefix;
    private final String label;

    CredentialKind(String prefix, String label) {
        this.prefix = prefix;
        this.label = label;
    }

    /** {@code hk} or {@code hq}. */
    public String prefix() {
        return prefix;
    }

    /** {@code write key} or {@code query token}, for messages. */
    public String label() {
        return label;
    }
}
