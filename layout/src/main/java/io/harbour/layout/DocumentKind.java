package io.harbour.layout;

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

    /** The kind's part of index, alias and template names. */
    public String segment() {
        return segment;
    }
}
