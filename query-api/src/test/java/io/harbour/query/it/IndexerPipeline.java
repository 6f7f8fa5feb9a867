package io.harbour.query.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.elastic.ElasticsearchConnection;
import io.harbour.elastic.ElasticsearchSettings;
import io.harbour.indexer.Indexer;
import io.harbour.indexer.IndexerConfig;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexNames;
import io.harbour.layout.Times;
import io.harbour.layout.Watermarks;
import io.harbour.model.Json;
import io.harbour.model.LogKind;
import io.harbour.receiver.IngestRecord;
import io.harbour.receiver.kafka.IngestTopics;
import io.harbour.receiver.kafka.KafkaIngestPublisher;
import io.harbour.receiver.kafka.KafkaPublisherSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * LogHarbour entries taken to Elasticsearch the production way, not by a test's own writer: the
 * receiver's {@link KafkaIngestPublisher} publishes them (topics made by {@link IngestTopics}, the
 * receiver's record headers), and a real {@link Indexer}, built as {@code harbour indexer} builds
 * it (the layout's document builder, its daily indices and templates, its bulk writer), consumes
 * and stores them. The topics, consumer group and dead-letter topic are this pipeline's own, so
 * it shares the stack's broker with nothing else.
 */
final class IndexerPipeline implements AutoCloseable {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final KafkaIngestPublisher publisher;
    private final Indexer indexer;
    private final ElasticsearchConnection es;
    private final Map<String, String> topics = new HashMap<>();

    IndexerPipeline(String name, String bootstrapServers, String elasticsearchUrl) {
        for (LogKind kind : LogKind.values()) {
            topics.put(kind.wireName(), kind.defaultTopic() + "." + name);
        }
        KafkaPublisherSettings d = KafkaPublisherSettings.defaults(bootstrapServers);
        KafkaPublisherSettings publishing = new KafkaPublisherSettings(bootstrapServers, topics, 1, (short) 1, d.compression(),
                d.lingerMs(), d.maxInFlight(), d.batchBytes(), d.deliveryTimeoutMs(), d.bufferMemoryBytes(), d.retryAfterSeconds(), d.properties());
        IngestTopics.ensure(publishing);
        publisher = new KafkaIngestPublisher(publishing, meters);
        // The indexer's defaults but for where things are: nothing about index names is configurable,
        // which is the point of defect 7's test.
        IndexerConfig defaults = IndexerConfig.defaults();
        IndexerConfig.Kafka k = defaults.kafka();
        IndexerConfig config = new IndexerConfig(
                new IndexerConfig.Kafka(bootstrapServers, k.groupId() + "." + name, topics, k.deadLetterTopic() + "." + name,
                        1, k.replicationFactor(), k.maxPollRecords(), k.maxInFlightRecords(), k.maxInFlightBytes(), k.commitInterval(),
                        k.properties()),
                ElasticsearchSettings.local(elasticsearchUrl), defaults.bulk(), defaults.retry(), defaults.join(),
                // Off: the node is shared by every test class, and retention would delete their indices.
                new IndexerConfig.Retention(defaults.retention().defaultDays(), Map.of(), defaults.retention().checkInterval(), false),
                defaults.indices(), defaults.watermark());
        indexer = Indexer.builder(config).meterRegistry(meters).build().start();
        es = new ElasticsearchConnection(ElasticsearchSettings.local(elasticsearchUrl), Json.mapper());
    }

    /**
     * Publishes the entries (JSON texts) as one request of {@code realm} and returns once the
     * indexer has stored every one of them, refreshed so that the next search sees them.
     */
    void index(String realm, List<String> entries) throws Exception {
        double before = done("stored");
        long receivedAt = Times.nanos(Instant.now());
        List<IngestRecord> records = new ArrayList<>();
        for (String entry : entries) {
            records.add(new IngestRecord(LogKind.LOGHARBOUR, realm.getBytes(StandardCharsets.UTF_8), entry.getBytes(StandardCharsets.UTF_8), realm, "key:it",
                    "127.0.0.1", receivedAt, "receipt-" + realm));
        }
        publisher.publish(records).get(60, TimeUnit.SECONDS);
        // A wait, not a timed assertion: the bound only keeps a broken pipeline from hanging the build.
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> indexer.failure() != null || done("stored") + done("dead_lettered") >= before + entries.size());
        assertNull(indexer.failure(), "the indexer stopped");
        assertEquals(0.0, done("dead_lettered"), "the indexer dead-lettered some entries");
        // Stored is not yet searchable: the daily index refreshes each second; this makes it now.
        ElasticsearchConnection.JsonResponse refresh = es.send("POST", "/" + IndexNames.alias(DocumentKind.LOGHARBOUR, realm) + "/_refresh", null);
        assertTrue(refresh.ok(), String.valueOf(refresh.body()));
    }

    private double done(String outcome) {
        return meters.get("harbour.indexer.records.done").tag("outcome", outcome).counter().count();
    }

    /**
     * Stops the indexer and removes the watermarks it wrote: export reads the node's one watermark
     * index as a minimum over every topic, so a stopped indexer's watermarks would hold every later
     * test's export window open.
     */
    @Override
    public void close() throws IOException {
        indexer.close();
        publisher.close();
        try {
            // Refreshed first, so the search finds the last watermark written; then deleted one by
            // one, because the test node answers _delete_by_query with "no handler found".
            ElasticsearchConnection.JsonResponse refreshed = es.send("POST", "/" + Watermarks.INDEX + "/_refresh", null);
            assertTrue(refreshed.ok(), String.valueOf(refreshed.body()));
            ObjectNode body = Json.mapper().createObjectNode();
            body.put("size", 1000);
            ArrayNode names = body.putObject("query").putObject("terms").putArray(Watermarks.TOPIC);
            topics.values().forEach(names::add);
            ElasticsearchConnection.JsonResponse found = es.send("POST", "/" + Watermarks.INDEX + "/_search", body);
            assertTrue(found.ok(), String.valueOf(found.body()));
            for (JsonNode hit : found.body().path("hits").path("hits")) {
                String id = URLEncoder.encode(hit.path("_id").asText(), StandardCharsets.UTF_8);
                ElasticsearchConnection.JsonResponse deleted = es.send("DELETE", "/" + Watermarks.INDEX + "/_doc/" + id + "?refresh=true", null);
                assertTrue(deleted.ok(), String.valueOf(deleted.body()));
            }
        } finally {
            es.close();
        }
    }
}
