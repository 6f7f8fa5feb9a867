package io.harbour.receiver.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.model.LogKind;
import io.harbour.model.RecordHeaders;
import io.harbour.receiver.IngestRecord;
import io.harbour.receiver.PublishException;
import io.harbour.stack.HarbourStackExtension;
import io.harbour.stack.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HarbourStackExtension.class)
class KafkaIngestPublisherIT {

    private static IngestRecord record(LogKind kind, String key, String body) {
        return new IngestRecord(kind, key.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8), "acme", "key:k1", "203.0.113.9",
                1_763_000_000_123_456_789L, "r-1");
    }

    private static KafkaPublisherSettings settings(KafkaBroker kafka, int deliveryTimeoutMs) {
        KafkaPublisherSettings d = KafkaPublisherSettings.defaults(kafka.bootstrapServers());
        return new KafkaPublisherSettings(d.bootstrapServers(), d.topics(), 3, (short) 1, d.compression(), d.lingerMs(), d.maxInFlight(),
                d.batchBytes(), deliveryTimeoutMs, d.bufferMemoryBytes(), 2, Map.of());
    }

    @Test
    void everyRecordLandsInItsKindsTopicWithItsBodyKeyAndHeaders(KafkaBroker kafka) throws Exception {
        KafkaPublisherSettings s = settings(kafka, 10_000);
        IngestTopics.ensure(s);
        IngestTopics.ensure(s); // idempotent
        String entry = "{\"app\":\"OnlineStore\",\"msg\":\"a \\u003c b\"}\n";
        try (KafkaIngestPublisher publisher = new KafkaIngestPublisher(s, new SimpleMeterRegistry())) {
            assertFalse(publisher.publishesWithoutBlocking(LogKind.LOGHARBOUR), "no metadata yet: send() may wait for it");
            long sent = System.nanoTime();
            publisher.publish(List.of(
                    record(LogKind.LOGHARBOUR, "acme|OnlineStore|Order|456", entry),
                    record(LogKind.EXTRAHOP, "acme|key:k1|7", "{\"sequence\":7}"))).get(30, TimeUnit.SECONDS);
            // The window counts from the send; on a machine so loaded that the first acknowledgement took
            // nearly 4 s, "false" is the right answer, so only a prompt acknowledgement is asserted on.
            if (System.nanoTime() - sent < TimeUnit.SECONDS.toNanos(3)) {
                assertTrue(publisher.publishesWithoutBlocking(LogKind.LOGHARBOUR), "acknowledged just now");
                assertTrue(publisher.publishesWithoutBlocking(LogKind.EXTRAHOP));
            }
            assertFalse(publisher.publishesWithoutBlocking(LogKind.OBSERVATIONS), "nothing of this kind sent yet");
            sent = System.nanoTime();
            publisher.publish(List.of(record(LogKind.OBSERVATIONS, "acme|10.0.0.1", "{\"observations\":[]}"))).get(30, TimeUnit.SECONDS);
            if (System.nanoTime() - sent < TimeUnit.SECONDS.toNanos(3)) {
                assertTrue(publisher.publishesWithoutBlocking(LogKind.OBSERVATIONS));
            }
            assertTrue(publisher.ready());
        }
        ConsumerRecord<byte[], byte[]> got = readLast(kafka, s.topic(LogKind.LOGHARBOUR), "acme|OnlineStore|Order|456");
        assertEquals(entry, new String(got.value(), StandardCharsets.UTF_8), "body exactly as sent");
        assertEquals("acme|OnlineStore|Order|456", new String(got.key(), StandardCharsets.UTF_8));
        Map<String, String> headers = new HashMap<>();
        got.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        assertEquals(Map.of(RecordHeaders.REALM, "acme", RecordHeaders.RECEIVED_AT_NANOS, "1763000000123456789",
                RecordHeaders.SENDER_ADDRESS, "203.0.113.9", RecordHeaders.SENDER_IDENTITY, "key:k1",
                RecordHeaders.KIND, "logharbour", RecordHeaders.RECEIPT_ID, "r-1"), headers);
        assertEquals("{\"sequence\":7}", new String(readLast(kafka, s.topic(LogKind.EXTRAHOP), "acme|key:k1|7").value(), StandardCharsets.UTF_8));
        assertEquals("{\"observations\":[]}", new String(readLast(kafka, s.topic(LogKind.OBSERVATIONS), "acme|10.0.0.1").value(), StandardCharsets.UTF_8));
    }

    @Test
    void brokerAwayMeansUnavailableAndNotReadyThenTheSameRequestSucceedsWhenItIsBack(KafkaBroker kafka) throws Exception {
        KafkaPublisherSettings s = settings(kafka, 3_000);
        IngestTopics.ensure(s);
        List<IngestRecord> request = List.of(record(LogKind.LOGHARBOUR, "acme|a||", "{\"app\":\"a\"}"));
        try (KafkaIngestPublisher publisher = new KafkaIngestPublisher(s, new SimpleMeterRegistry())) {
            publisher.publish(request).get(30, TimeUnit.SECONDS);
            kafka.stop();
            try {
                ExecutionException e = assertThrows(ExecutionException.class, () -> publisher.publish(request).get(30, TimeUnit.SECONDS));
                PublishException p = assertInstanceOf(PublishException.class, e.getCause());
                assertEquals(PublishException.Reason.UNAVAILABLE, p.reason());
                assertEquals(Duration.ofSeconds(2), p.retryAfter());
                awaitTrue(() -> !publisher.ready(), "ready() while the broker is stopped");
            } finally {
                kafka.start();
            }
            awaitTrue(publisher::ready, "ready() once the broker is back");
            publisher.publish(request).get(30, TimeUnit.SECONDS);
        }
    }

    /** The last record with {@code key}: other tests write to the same topics. */
    private static ConsumerRecord<byte[], byte[]> readLast(KafkaBroker kafka, String topic, String key) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            ConsumerRecord<byte[], byte[]> last = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    if (key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        last = r;
                    }
                }
                if (last != null && consumer.endOffsets(partitions).entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    return last;
                }
            }
            throw new AssertionError("nothing read from " + topic);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
