package io.harbour.client.writer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.elastic.ElasticsearchConnection;
import io.harbour.elastic.ElasticsearchSettings;
import io.harbour.indexer.Indexer;
import io.harbour.indexer.IndexerConfig;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexNames;
import io.harbour.layout.logharbour.LogFields;
import io.harbour.model.Json;
import io.harbour.model.LogKind;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The real indexer, in this JVM as the benchmarks run it ({@link IndexerConfig#defaults()} pointed
 * at the test's broker and node, its own consumer group, retention off), reading everything the
 * receiver wrote; and the documents it made. A writer's promise that a resend never makes a second
 * document is only kept once the indexer has stored what Kafka holds, so that is where it is checked.
 */
final class LiveIndexer implements AutoCloseable {
    /** One page of ids; Elasticsearch answers at most 10,000 hits per search. */
    private static final int PAGE = 10_000;

    private final IndexerConfig config;
    private final Indexer indexer;
    private final ElasticsearchConnection es;

    LiveIndexer(String bootstrapServers, URI elasticsearch) {
        IndexerConfig d = IndexerConfig.defaults();
        IndexerConfig.Kafka k = d.kafka();
        config = new IndexerConfig(
                new IndexerConfig.Kafka(bootstrapServers, "client-it-" + UUID.randomUUID(), k.topics(), k.deadLetterTopic(),
                        k.deadLetterPartitions(), k.replicationFactor(), k.maxPollRecords(), k.maxInFlightRecords(),
                        k.maxInFlightBytes(), k.commitInterval(), Map.of()),
                ElasticsearchSettings.local(elasticsearch.toString()),
                d.bulk(), d.retry(), d.join(),
                new IndexerConfig.Retention(d.retention().defaultDays(), Map.of(), Duration.ofHours(1), false),
                d.indices(), d.watermark());
        es = new ElasticsearchConnection(config.elasticsearch(), Json.mapper());
        indexer = Indexer.builder(config).build().start();
    }

    /**
     * Waits until the indexer's group has committed every LogHarbour record Kafka holds now. The
     * indexer commits an offset only once every record before it is stored (or dead-lettered), so
     * after this every record is in the node, duplicates included, and a count cannot be early.
     */
    LiveIndexer awaitCaughtUp() throws Exception {
        String topic = config.kafka().topic(LogKind.LOGHARBOUR);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers()))) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, Long> end = new java.util.HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((p, info) -> end.put(p, info.offset()));
            // A guard against a stalled indexer, not a measure of its speed.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed;
                try {
                    committed = admin.listConsumerGroupOffsets(config.kafka().groupId()).partitionsToOffsetAndMetadata()
                            .get(30, TimeUnit.SECONDS);
                } catch (ExecutionException notYet) {
                    committed = Map.of();
                }
                Map<TopicPartition, OffsetAndMetadata> now = committed;
                if (end.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || (now.get(e.getKey()) != null && now.get(e.getKey()).offset() >= e.getValue()))) {
                    break;
                }
                if (System.nanoTime() > deadline || !indexer.isRunning()) {
                    throw new AssertionError("the indexer did not store " + topic + " up to " + end + " (committed " + now
                            + ", running " + indexer.isRunning() + ", failure " + indexer.failure() + ")");
                }
                Thread.sleep(200);
            }
        }
        return this;
    }

    /** Documents of {@code app} in {@code realm}, counted by Elasticsearch after a refresh. */
    long count(String realm, String app) throws IOException {
        String indices = IndexNames.realmPattern(DocumentKind.LOGHARBOUR, realm);
        es.send("POST", "/" + indices + "/_refresh", null);
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("query", term(app));
        JsonNode answer = ok(es.send("POST", "/" + indices + "/_count", body));
        return answer.path("count").asLong(-1);
    }

    /**
     * The {@code id} field of every document of {@code app} in {@code realm}, one element per
     * document (a second document with one id would appear twice), read page by page in id order.
     * Each document's Elasticsearch {@code _id} must be its entry id, as the layout promises.
     */
    List<String> ids(String realm, String app) throws IOException {
        String indices = IndexNames.realmPattern(DocumentKind.LOGHARBOUR, realm);
        es.send("POST", "/" + indices + "/_refresh", null);
        List<String> ids = new ArrayList<>();
        JsonNode after = null;
        while (true) {
            ObjectNode body = Json.mapper().createObjectNode();
            body.put("size", PAGE);
            body.put("_source", false);
            body.set("query", term(app));
            body.putArray("docvalue_fields").add(LogFields.ID);
            // The index as a tie-breaker, so two documents with one id in different daily indices are both read.
            ArrayNode sort = body.putArray("sort");
            sort.addObject().put(LogFields.ID, "asc");
            sort.addObject().put("_index", "asc");
            if (after != null) {
                body.set("search_after", after);
            }
            JsonNode hits = ok(es.send("POST", "/" + indices + "/_search", body)).path("hits").path("hits");
            if (hits.isEmpty()) {
                return ids;
            }
            for (JsonNode hit : hits) {
                String id = hit.path("fields").path(LogFields.ID).path(0).asText();
                if (!id.equals(hit.path("_id").asText())) {
                    throw new AssertionError("document _id " + hit.path("_id") + " is not its entry id " + id);
                }
                ids.add(id);
                after = hit.path("sort");
            }
        }
    }

    private static ObjectNode term(String app) {
        ObjectNode query = Json.mapper().createObjectNode();
        query.putObject("term").put(LogFields.APP, app);
        return query;
    }

    private static JsonNode ok(ElasticsearchConnection.JsonResponse response) {
        if (!response.ok()) {
            throw new AssertionError("Elasticsearch answered " + response.status() + ": " + response.body());
        }
        return response.body();
    }

    @Override
    public void close() throws IOException {
        try {
            indexer.close();
        } finally {
            es.close();
        }
    }
}
