package io.harbour.receiver.kafka;

import io.harbour.model.LogKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the receiver talks to Kafka. acks=all and idempotence are not settings: a 202 means the
 * log is on every in-sync replica, and a retried batch is never written twice.
 *
 * @param bootstrapServers   the brokers
 * @param topics             topic per kind of log (keys: logharbour, extrahop, observations)
 * @param partitions         partitions for topics the receiver creates when missing
 * @param replicationFactor  replication for topics it creates (1 locally, 3 on a real cluster)
 * @param compression        producer compression: lz4 is cheap in CPU and halves JSON on the wire
 * @param lingerMs           how long a batch waits for company before it may be sent; 0 by default, since a
 *                           sender is waiting for its 202 and {@code maxInFlight} does the batching
 * @param maxInFlight        produce requests in flight per broker (1 to 5, the most idempotence allows). 1 by
 *                           default: while one request is out, the records that arrive wait and then go
 *                           together in the next, so batches grow with the load and no record waits for a
 *                           timer (group commit). Measured in docs/benchmarks.md against linger.ms 1 and 2
 * @param batchBytes         producer batch size per partition
 * @param deliveryTimeoutMs  the deadline for Kafka's acknowledgement; past it the request gets 503
 * @param bufferMemoryBytes  the producer's buffer.memory: record bytes awaiting acknowledgement. The HTTP
 *                           side's in-flight budget refuses requests (429) before this fills; if it fills
 *                           anyway, the request gets 429 too
 * @param retryAfterSeconds  the Retry-After given with 429 and 503
 * @param properties         any other producer property (security.protocol, sasl.*, ssl.*), passed as is
 */
public record KafkaPublisherSettings(String bootstrapServers, Map<String, String> topics, int partitions, short replicationFactor,
                                     String compression, int lingerMs, int maxInFlight, int batchBytes, int deliveryTimeoutMs,
                                     long bufferMemoryBytes, int retryAfterSeconds, Map<String, String> properties) {

    public static KafkaPublisherSettings defaults(String bootstrapServers) {
        return new KafkaPublisherSettings(bootstrapServers,
                Map.of(LogKind.LOGHARBOUR.wireName(), LogKind.LOGHARBOUR.defaultTopic(),
                        LogKind.EXTRAHOP.wireName(), LogKind.EXTRAHOP.defaultTopic(),
                        LogKind.OBSERVATIONS.wireName(), LogKind.OBSERVATIONS.defaultTopic()),
                6, (short) 1, "lz4", 0, 1, 256 * 1024, 10_000, 512L * 1024 * 1024, 2, Map.of());
    }

    public String topic(LogKind kind) {
        return topics.getOrDefault(kind.wireName(), kind.defaultTopic());
    }

    /** Problems, each naming its key under {@code prefix} (e.g. "kafka."). */
    public List<String> problems(String prefix) {
        List<String> p = new ArrayList<>();
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            p.add(prefix + "bootstrap_servers: must name at least one broker (host:port)");
        }
        for (String kind : topics.keySet()) {
            if (LogKind.parse(kind).isEmpty()) {
                p.add(prefix + "topics." + kind + ": no such kind of log (logharbour, extrahop, observations)");
            }
        }
        if (partitions < 1) {
            p.add(prefix + "partitions: must be at least 1, not " + partitions);
        }
        if (replicationFactor < 1) {
            p.add(prefix + "replication_factor: must be at least 1, not " + replicationFactor);
        }
        if (!List.of("none", "gzip", "snappy", "lz4", "zstd").contains(compression)) {
            p.add(prefix + "compression: must be one of none, gzip, snappy, lz4, zstd, not \"" + compression + "\"");
        }
        if (lingerMs < 0) {
            p.add(prefix + "linger_ms: must not be negative");
        }
        if (maxInFlight < 1 || maxInFlight > 5) {
            p.add(prefix + "max_in_flight: must be 1 to 5 (an idempotent producer keeps order with at most 5), not " + maxInFlight);
        }
        if (batchBytes < 1024) {
            p.add(prefix + "batch_bytes: must be at least 1024, not " + batchBytes);
        }
        if (deliveryTimeoutMs < 1000) {
            p.add(prefix + "delivery_timeout_ms: must be at least 1000, not " + deliveryTimeoutMs);
        }
        if (bufferMemoryBytes < 1024 * 1024) {
            p.add(prefix + "buffer_memory_bytes: must be at least 1048576, not " + bufferMemoryBytes);
        }
        if (retryAfterSeconds < 1) {
            p.add(prefix + "retry_after_seconds: must be at least 1");
        }
        return p;
    }
}
