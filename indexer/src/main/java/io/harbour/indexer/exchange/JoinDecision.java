package io.harbour.indexer.exchange;

/** What the joiner made of one half. */
public enum JoinDecision {
    /** The half opened a new exchange ({@code pending}). */
    OPENED,
    /** The half was the partner of a pending exchange, now {@code complete}. */
    COMPLETED,
    /** The same half (same bytes) was seen within the window: nothing to write. */
    DUPLICATE,
    /** This very record was already joined (a re-read after a restart): the same write again. */
    REPLAYED
}
