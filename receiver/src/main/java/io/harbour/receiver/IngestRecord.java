package io.harbour.receiver;

import io.harbour.model.LogKind;

/**
 * One accepted log on its way to Kafka: its kind (which picks the topic), the partitioning key,
 * the body exactly as sent, and what the receiver knows that the body does not (the record headers).
 *
 * @param kind           LogHarbour entry, ExtraHop API log or observation
 * @param key            partitioning key, UTF-8 ({@code RecordKeys})
 * @param body           the log's bytes as the sender sent them
 * @param realm          the sender's realm
 * @param identity       the sender's identity ({@code key:..}, {@code cert:..}, {@code addr:..})
 * @param senderAddress  the sender's IP address
 * @param receivedAtNanos receive time, nanoseconds since the epoch
 * @param receiptId      the id of the HTTP request that brought it (one per request)
 */
public record IngestRecord(LogKind kind, byte[] key, byte[] body, String realm, String identity,
                           String senderAddress, long receivedAtNanos, String receiptId) {
}
