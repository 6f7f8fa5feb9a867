package io.harbour.layout;

import io.harbour.model.LogKind;
import java.time.Instant;

/**
 * What the indexer knows about a Kafka record besides its body: where it sits (topic, partition,
 * offset: the basis of deterministic ids when the body has none) and what the receiver wrote in
 * its headers ({@link io.harbour.model.RecordHeaders}). {@code senderAddress},
 * {@code senderIdentity} and {@code receiptId} may be null when a header is missing; the
 * documents then leave the field out.
 */
public record RecordContext(String topic, int partition, long offset, LogKind kind, String realm,
                            long receivedAtNanos, String senderAddress, String senderIdentity, String receiptId) {

    /** The receive time as an instant, nanoseconds kept. */
    public Instant receivedAt() {
        return Times.instant(receivedAtNanos);
    }
}
