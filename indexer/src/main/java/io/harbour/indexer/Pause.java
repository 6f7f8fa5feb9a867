package io.harbour.indexer;

import java.time.Duration;

/**
 * A sleep that keeps the thread's interrupt. It exists for the two places the poll thread may
 * block on purpose (waiting for Elasticsearch and Kafka at start-up, letting in-flight writes
 * land on revoke), so that an interrupt ends the wait early instead of being swallowed.
 */
final class Pause {
    private Pause() {
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
