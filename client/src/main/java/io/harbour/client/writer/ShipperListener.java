package io.harbour.client.writer;

/**
 * Told what happens to entries that are not simply delivered. Called from the shipper's sender
 * thread ({@link #refused}, {@link #deliveryProblem}) or from the logging thread
 * ({@link #dropped}); implementations must be quick and must not throw.
 */
public interface ShipperListener {
    ShipperListener NONE = new ShipperListener() {
    };

    /** The receiver (or the shipper, before sending) refused this entry for its content; it is never sent again. */
    default void refused(String entryJson, String reason) {
    }

    /** The entry could be neither queued nor written to the spill file (the disk is unusable, or the shipper is closed). */
    default void dropped(String entryJson, String reason) {
    }

    /** A request failed and will be retried (receiver away, 429, 503, a wrong key...); entries are kept. */
    default void deliveryProblem(String description) {
    }
}
