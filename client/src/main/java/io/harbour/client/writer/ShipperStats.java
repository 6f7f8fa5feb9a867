package io.harbour.client.writer;

/**
 * The shipper's counters since it started. Every entry handed to the shipper is, at any moment,
 * delivered, refused, dropped, or still pending (in memory or in the spill file):
 * {@code enqueued + recovered = delivered + refused + dropped + pending} once nothing is in flight,
 * where {@code recovered} counts entries found in the spill file at start. An entry resent after a
 * lost acknowledgement counts as delivered twice (the receiver holds two copies with one id, which
 * the indexer stores as one document).
 *
 * @param enqueued      entries handed to the shipper by log calls
 * @param delivered     entries the receiver acknowledged with 202
 * @param refused       entries refused for their content (by the receiver, or too large to send); never resent
 * @param spilled       entries written to the spill file (some of them later delivered from it)
 * @param dropped       entries lost because neither memory nor disk could take them; 0 unless the disk failed
 * @param retries       requests that failed and were retried
 * @param recovered     entries found undelivered in the spill file when the shipper started
 * @param pendingMemory entries in memory (queued or in the batch being sent)
 * @param pendingSpill  entries in the spill file not yet delivered
 */
public record ShipperStats(long enqueued, long delivered, long refused, long spilled, long dropped, long retries,
                           long recovered, long pendingMemory, long pendingSpill) {

    public long pending() {
        return pendingMemory + pendingSpill;
    }
}
