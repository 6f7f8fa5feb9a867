package io.harbour.receiver.http;

import io.harbour.model.LogKind;
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
    /** What {@link #publishesWithoutBlocking} says: true, as publish() never blocks, unless a test wants the pool. */
    volatile boolean nonBlocking = true;
    /** The thread of the latest publish() call. */
    volatile Thread caller;

    @Override
    public CompletableFuture<Void> publish(List<IngestRecord> records) {
        calls++;
        caller = Thread.currentThread();
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

    @Override
    public boolean publishesWithoutBlocking(LogKind kind) {
        return nonBlocking;
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
