package io.harbour.receiver.http;

import io.harbour.model.RecordHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads back what the receiver wrote, by receipt id (one per request), from the start of a topic. */
final class KafkaRecords {
    private final String bootstrapServers;

    KafkaRecords(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> all = new HashMap<>();
        record.headers().forEach(h -> all.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return all;
    }

    /** The records of one request, in offset order per partition; waits until {@code expected} arrived. */
    List<ConsumerRecord<byte[], byte[]>> withReceipt(String topic, String receipt, int expected) {
        List<ConsumerRecord<byte[], byte[]>> found = matching(topic, r -> receipt.equals(header(r, RecordHeaders.RECEIPT_ID)), expected);
        if (found.size() != expected) {
            throw new AssertionError("expected " + expected + " records of receipt " + receipt + " in " + topic + ", found " + found.size());
        }
        return found;
    }

    /** Every record of the topic that matches, read up to the end offsets as they are now. */
    List<ConsumerRecord<byte[], byte[]>> matching(String topic, Predicate<ConsumerRecord<byte[], byte[]>> filter, int atLeast) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (filter.test(r)) {
                        found.add(r);
                    }
                }
                boolean atEnd = end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
                if (atEnd && found.size() >= atLeast) {
                    return found;
                }
                if (atEnd) {
                    end = consumer.endOffsets(partitions);
                }
            }
            return found;
        }
    }
}
