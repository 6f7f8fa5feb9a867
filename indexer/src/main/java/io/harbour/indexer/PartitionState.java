package io.harbour.indexer;

import io.harbour.indexer.exchange.ExchangeJoiner;

/**
 * What the poll thread knows of one assigned partition. It exists so that the pieces of the poll
 * thread (reading, preparing, sweeping, committing, watermarks) share one record of a partition's
 * progress instead of each keeping a side table; only the poll thread touches it, so it needs no
 * locking. A new assignment gets a new generation, which is how late answers for an earlier
 * assignment of the same partition are told apart and ignored.
 */
final class PartitionState {
    final long generation;
    final OffsetTracker tracker = new OffsetTracker();
    /** The exchange joiner of an ExtraHop partition; null for other topics. */
    final ExchangeJoiner joiner;
    /** Watermark document claimed and joiner restored: the partition may be read. */
    boolean prepared;
    long prepareDueNanos;
    int prepareAttempts;
    /** The watermark this partition had before we got it (its previous owner's); null if none. */
    Long inheritedWatermark;
    boolean caughtUp;
    long caughtUpAtNanos;
    /** Oldest pending exchange when a sweep ran, held until the sweep's writes are stored. */
    long sweepHoldNanos = Long.MAX_VALUE;
    int sweepWritesOutstanding;

    PartitionState(long generation, ExchangeJoiner joiner) {
        this.generation = generation;
        this.joiner = joiner;
    }
}
