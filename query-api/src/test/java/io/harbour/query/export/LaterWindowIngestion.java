package io.harbour.query.export;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ingestion going on beside a test, as the indexer's goes on while a closed window is exported:
 * a thread of its own writes rounds of entries and observations received after the watermark
 * (round r at {@code from + r * ROUND}), and after each round moves the watermark past it. Its
 * own {@link ExportLoader} (a loader is not shared between threads).
 */
final class LaterWindowIngestion implements AutoCloseable {
    static final int PER_ROUND = 10;
    static final Duration ROUND = Duration.ofMillis(500);

    private final ExportLoader loader;
    private final String realm;
    private final Instant from;
    private final AtomicInteger rounds = new AtomicInteger();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Throwable failure;

    LaterWindowIngestion(String elasticsearchUrl, String realm, Instant from) throws IOException {
        this.loader = new ExportLoader(elasticsearchUrl);
        this.realm = realm;
        this.from = from;
        this.thread = new Thread(this::run, "later-window-ingestion");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            for (int r = 0; !stopping; r++) {
                Instant round = from.plus(ROUND.multipliedBy(r));
                for (int i = 0; i < PER_ROUND; i++) {
                    Instant at = round.plusMillis(i);
                    loader.entry(realm, at, "{\"id\":\"2ZLATE" + r + "x" + i + "\",\"app\":\"shop\",\"type\":\"A\",\"when\":\"" + at
                            + "\",\"msg\":\"late\"}");
                    loader.observation(realm, at, "10.6." + (r % 250) + "." + (r / 250 * PER_ROUND + i), 1);
                }
                loader.flush();
                loader.watermark(round.plus(ROUND));
                rounds.incrementAndGet();
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Returns once one more round has been written and the watermark moved past it. */
    void awaitNextRound() throws InterruptedException {
        int seen = rounds.get();
        while (rounds.get() <= seen) {
            throwIfFailed();
            Thread.sleep(5);
        }
    }

    /** Lines the rounds written so far put into {@code [from, end)}: an entry and an observation per document time. */
    int linesBefore(Instant end) {
        int n = 0;
        for (int r = 0; r < rounds.get(); r++) {
            if (from.plus(ROUND.multipliedBy(r)).isBefore(end)) {
                n += 2 * PER_ROUND;
            }
        }
        return n;
    }

    /** Where the last round moved the watermark. */
    Instant watermark() {
        return from.plus(ROUND.multipliedBy(rounds.get()));
    }

    private void throwIfFailed() {
        if (failure != null) {
            throw new AssertionError("the ingestion thread failed", failure);
        }
    }

    /** Stops after the round under way. */
    @Override
    public void close() throws Exception {
        stopping = true;
        thread.join();
        loader.close();
        throwIfFailed();
    }
}
