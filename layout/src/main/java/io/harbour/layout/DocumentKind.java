package io.harbour.layout;

import java.util.Optional;

/** What a document in Elasticsearch is; each kind has its own indices, template and mapping. */
public enum DocumentKind {
    /** One LogHarbour entry. */
    LOGHARBOUR("logharbour"),
    /** One ExtraHop exchange: a request log joined with its response log (or a half still waiting). */
    EXCHANGE("exchanges"),
    /** One observation: an address associated with another at a time. */
    OBSERVATION("observations");

    private final String segment;

    DocumentKind(String segment) {
        this.segment = segment;
    }

    /** The kind's part of index, alias and template names. Never contains {@code -}, so names parse back. */
    public String segment() {
        return segment;
    }

    /** The kind whose {@link #segment()} is {@code segment}, or empty. */
    public static Optional<DocumentKind> ofSegment(String segment) {
        for (DocumentKind kind : values()) {
            if (kind.segment.equals(segment)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
