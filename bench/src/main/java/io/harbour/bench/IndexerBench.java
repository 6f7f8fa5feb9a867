package io.harbour.bench;

import io.harbour.elastic.ElasticsearchSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harbour.elastic.ElasticsearchConnection;
import io.harbour.indexer.IndexerConfig;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexNames;
import io.harbour.layout.IndexTemplates;
import io.harbour.model.LogKind;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What phases drain and fresh share: the indexer's configuration (its defaults, pointed at the run's broker and node). */
final class IndexerBench {
    static final ObjectMapper JSON = new ObjectMapper();

    private IndexerBench() {
    }

    /**
     * The indexer's defaults ({@link IndexerConfig#defaults()}: bulk 2,000 operations / 5 MiB /
     * 200 ms, 2 requests in flight, commit every 1 s) with the run's broker and node, its own group,
     * the LogHarbour topic given, retention off and {@code properties} passed to the consumer.
     */
    static IndexerConfig config(BenchContext ctx, String group, String logHarbourTopic, Map<String, String> properties) {
        IndexerConfig d = IndexerConfig.defaults();
        IndexerConfig.Kafka k = d.kafka();
        Map<String, String> topics = new java.util.HashMap<>(k.topics());
        topics.put(LogKind.LOGHARBOUR.wireName(), logHarbourTopic);
        // The other kinds' topics are left at their defaults; the receiver creates them, drain creates them below if missing.
        return new IndexerConfig(
                new IndexerConfig.Kafka(ctx.bootstrapServers(), group, topics, k.deadLetterTopic(), k.deadLetterPartitions(),
                        k.replicationFactor(), k.maxPollRecords(), k.maxInFlightRecords(), k.maxInFlightBytes(), k.commitInterval(), properties),
                new ElasticsearchSettings(List.of(ctx.elasticsearch().toString()), "", "", "",
                        d.elasticsearch().connectTimeout(), d.elasticsearch().requestTimeout(), d.elasticsearch().idleConnectionTtl()),
                d.bulk(), d.retry(), d.join(),
                new IndexerConfig.Retention(d.retention().defaultDays(), Map.of(), Duration.ofHours(1), false),
                d.indices(), d.watermark());
    }

    /** CPU seconds used so far by the Elasticsearch node (its pidfile under the run's stack directory), or 0 when unknown. */
    static double esCpu(BenchContext ctx) {
        try {
            String pid = java.nio.file.Files.readString(ctx.runDir().resolve("stack/elasticsearch/elasticsearch.pid")).trim();
            return ProcFs.cpuSeconds(Long.parseLong(pid));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static String describe(IndexerConfig.Bulk b) {
        return "bulk max_operations " + b.maxOperations() + ", max_bytes " + b.maxBytes() + ", flush_interval "
                + b.flushInterval().toMillis() + " ms, max_concurrent_requests " + b.maxConcurrentRequests();
    }

    /** Installs the LogHarbour template as the indexer does at start (same body, same version): idempotent. */
    static void installTemplate(ElasticsearchConnection es, IndexerConfig config) throws IOException {
        ElasticsearchConnection.JsonResponse r = es.send("PUT", "/_index_template/" + IndexNames.templateName(DocumentKind.LOGHARBOUR),
                IndexTemplates.template(DocumentKind.LOGHARBOUR, new IndexTemplates.Settings(config.indices().shards(), config.indices().replicas())));
        if (!r.ok()) {
            throw new IllegalStateException("template: " + r.status() + " " + r.body());
        }
    }

    /** Documents in {@code indices} after a refresh. */
    static long count(ElasticsearchConnection es, String indices) throws IOException {
        es.send("POST", "/" + indices + "/_refresh?ignore_unavailable=true&allow_no_indices=true", null);
        JsonNode r = es.send("GET", "/" + indices + "/_count?ignore_unavailable=true&allow_no_indices=true", null).body();
        return r == null ? -1 : r.path("count").asLong(-1);
    }

    static String refreshInterval(ElasticsearchConnection es, String index) throws IOException {
        JsonNode r = es.send("GET", "/" + index + "/_settings?include_defaults=true&filter_path=**.refresh_interval", null).body();
        return r == null ? "?" : r.findValues("refresh_interval").toString();
    }
}
