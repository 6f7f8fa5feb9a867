package io.harbour.receiver;

import io.harbour.model.LogKind;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Writes the records of one request to Kafka. The returned future completes normally only once
 * Kafka (acks=all) has acknowledged every record, which is what lets the receiver answer 202; it
 * completes exceptionally with {@link PublishException} otherwise.
 *
 * <p>{@link #publish} may do its sending on the caller's thread and block briefly (Kafka's
 * {@code send()} waits for metadata it lacks), so call it from a worker thread, and from an event
 * loop only when {@link #publishesWithoutBlocking} says it may.
 */
public interface IngestPublisher extends AutoCloseable {

    CompletableFuture<Void> publish(List<IngestRecord> records);

    /**
     * Whether {@link #publish} of records of this kind would now return without waiting for
     * anything, so that an event loop may call it (the receiver reads and publishes small bodies
     * there, saving a thread hop). False unless the publisher knows: then it is called from a
     * worker thread.
     */
    default boolean publishesWithoutBlocking(LogKind kind) {
        return false;
    }

    /** Whether Kafka answered recently: what {@code GET /readyz} reports. */
    boolean ready();

    @Override
    void close();
}
