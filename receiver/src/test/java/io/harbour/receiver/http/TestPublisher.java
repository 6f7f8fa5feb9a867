package io.harbour.receiver.http;

import io.harbour.receiver.IngestPublisher;
import io.harbour.receiver.IngestRecord;
import io.harbour.receiver.PublishException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory publisher: acknowledges at once, or fails, or holds requests until told. */
final class TestPublisher implements IngestPublisher {
    enum Mode { ACK, BUSY, UNAVAILABLE, HOLD, THROW }

    final List<IngestRecord> published = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<Void>> held = new CopyOnWriteArrayList<>();
    volatile Mode mode = Mode.ACK;
    volatile boolean ready = true;
    volatile int calls;

    @Override
    public CompletableFuture<Void> publish(List<IngestRecord> records) {
        calls++;
        return switch (mode) {
            case ACK -> {
                published.addAll(records);
                yield CompletableFuture.completedFuture(null);
            }
            case BUSY -> CompletableFuture.failedFuture(new PublishException(PublishException.Reason.BUSY,
                    Duration.ofSeconds(3), "budget full", null));
            case UNAVAILABLE -> CompletableFuture.failedFuture(new PublishException(PublishException.Reason.UNAVAILABLE,
                    Duration.ofMillis(2500), "broker away", null));
            case HOLD -> {
                CompletableFuture<Void> f = new CompletableFuture<>();
                f.thenRun(() -> published.addAll(records));
                held.add(f);
                yield f;
            }
            case THROW -> throw new IllegalStateException("producer closed");
        };
    }

    List<IngestRecord> published() {
        return new ArrayList<>(published);
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public void close() {
    }
}
