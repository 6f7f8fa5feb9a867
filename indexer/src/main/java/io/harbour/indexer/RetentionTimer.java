package io.harbour.indexer;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies retention on its own daemon thread at the configured interval (the first run within a
 * minute of start). It exists so that deleting expired daily indices never runs on, or waits for,
 * the poll thread, and so that a failed run is only a warning: the next run tries again.
 */
final class RetentionTimer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionTimer.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "harbour-retention");
        t.setDaemon(true);
        return t;
    });

    RetentionTimer(Duration checkInterval, Supplier<Retention> retention) {
        long every = checkInterval.toMillis();
        timer.scheduleWithFixedDelay(() -> apply(retention), Math.min(every, 60_000), every, TimeUnit.MILLISECONDS);
    }

    private static void apply(Supplier<Retention> retention) {
        try {
            retention.get().run(Instant.now());
        } catch (IOException | RuntimeException e) {
            LOG.warn("retention skipped this time: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
