package io.harbour.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Topics of the peer phases: created with leaders, counted by end offsets, read back to count ids. */
final class BenchTopics implements AutoCloseable {
    private final String bootstrapServers;
    private final Admin admin;

    BenchTopics(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    /** Creates {@code topic} unless it exists, then waits until every partition has a leader. */
    void create(String topic, int partitions, short replicationFactor) throws Exception {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        if (!existing.contains(topic)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor))).all().get(30, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                .stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("partitions of " + topic + " have no leader after 30 s");
            }
            Thread.sleep(100);
        }
    }

    int partitions(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions().size();
    }

    /** The sum of the topic's end offsets: how many records it holds (nothing is ever deleted in a run). */
    long records(String topic) throws Exception {
        return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Polls {@link #records(String)} every 20 ms until it reaches {@code target} or {@code timeout} passes.
     *
     * @return the moment ({@code System.nanoTime()}) it was seen reaching the target, or -1 on timeout
     */
    long awaitRecords(String topic, long target, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (records(topic) >= target) {
                return System.nanoTime();
            }
            Thread.sleep(20);
        }
        return -1;
    }

    /** Waits until the topic's record count has not changed for {@code quiet}, at most {@code timeout}; returns the count. */
    long awaitQuiet(String topic, Duration quiet, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = records(topic);
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(250);
            long now = records(topic);
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since >= quiet.toNanos()) {
                break;
            }
        }
        return last;
    }

    private Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        int partitions = partitions(topic);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
        return result.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /**
     * Reads the topic from the first record written at or after {@code fromMillis} to its end (as it is
     * when called) and counts, per LogHarbour entry id that starts with {@code idPrefix}, the records
     * that hold it. An entry's id is the first field of its JSON ({@code {"id":"...}), in Harbour's
     * records and in Flume's (whose record value is the event body, the entry itself).
     */
    Map<String, Integer> idCounts(String topic, long fromMillis, String idPrefix) throws Exception {
        Map<TopicPartition, Long> ends = endOffsets(topic);
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Object> conf = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(conf, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(ends.keySet());
            Map<TopicPartition, Long> times = ends.keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> fromMillis));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times, Duration.ofSeconds(30));
            for (TopicPartition tp : ends.keySet()) {
                OffsetAndTimestamp start = starts.get(tp);
                consumer.seek(tp, start == null ? ends.get(tp) : start.offset());
            }
            String marker = "{\"id\":\"" + idPrefix;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " to its end took more than 5 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() >= ends.get(new TopicPartition(r.topic(), r.partition())) || r.value() == null) {
                        continue;
                    }
                    String head = new String(r.value(), 0, Math.min(r.value().length, 80), StandardCharsets.UTF_8);
                    if (head.startsWith(marker)) {
                        int end = head.indexOf('"', 7);
                        counts.merge(head.substring(7, end), 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
