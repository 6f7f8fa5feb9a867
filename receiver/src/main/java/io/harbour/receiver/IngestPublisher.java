package io.harbour.receiver;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Writes the records of one request to Kafka. The returned future completes normally only once
 * Kafka (acks=all) has acknowledged every record, which is what lets the receiver answer 202; it
 * completes exceptionally with {@link PublishException} otherwise.
 *
 * <p>{@link #publish} may do its sending on the caller's thread and block briefly (Kafka's
 * {@code send()} waits for metadata it lacks), so call it from a worker thread, never an event loop.
 */
public interface IngestPublisher extends AutoCloseable {

    CompletableFuture<Void> publish(List<IngestRecord> records);

    /** Whether Kafka answered recently: what {@code GET /readyz} reports. */
    boolean ready();

    @Override
    void close();
}
