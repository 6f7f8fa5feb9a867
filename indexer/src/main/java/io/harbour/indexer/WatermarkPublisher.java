package io.harbour.indexer;

import io.harbour.elastic.ElasticsearchConnection;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.IndexTemplates;
import io.harbour.layout.Times;
import io.harbour.layout.Watermarks;
import io.harbour.layout.Watermarks.WatermarkDocument;
import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the layout's watermark documents ({@link Watermarks}): one per partition, where the
 * query API and export read the minimum. Periodic writes run off the poll thread: a slow or
 * absent Elasticsearch delays the watermark, never the pipeline; a write still running makes the
 * next one wait its turn. Claiming partitions at assignment is synchronous, because a partition
 * without a document would be left out of the readers' minimum.
 */
final class WatermarkPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WatermarkPublisher.class);

    private final ElasticsearchConnection es;
    private final ObjectMapper json;
    private final IndexerConfig.Indices indices;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "harbour-watermark");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean indexReady;
    private final Consumer<List<Instant>> written;

    /**
     * @param written told the watermarks of each write Elasticsearch accepted (an empty list when
     *                there was nothing to write), on the publishing thread; feeds the watermark-age gauge
     */
    WatermarkPublisher(ElasticsearchConnection es, ObjectMapper json, IndexerConfig.Indices indices, Consumer<List<Instant>> written) {
        this.es = es;
        this.json = json;
        this.indices = indices;
        this.written = written;
    }

    /**
     * Makes sure every partition has a document before it is read (a new one says "nothing yet":
     * the epoch), and returns the watermarks the partitions already had, which stay valid under a
     * new owner and which it must never write below.
     */
    Map<TopicPartition, Long> claim(Collection<TopicPartition> partitions, Map<String, String> kindOfTopic, String indexer) throws IOException {
        ensureIndex();
        ObjectNode ids = json.createObjectNode();
        ArrayNode list = ids.putArray("ids");
        for (TopicPartition tp : partitions) {
            list.add(id(tp));
        }
        ElasticsearchConnection.JsonResponse got = es.send("POST", "/" + Watermarks.INDEX + "/_mget", ids);
        if (!got.ok()) {
            throw new IOException("reading watermarks: HTTP " + got.status() + " " + got.body());
        }
        Map<TopicPartition, Long> existing = new HashMap<>();
        StringBuilder bulk = new StringBuilder();
        int i = 0;
        for (TopicPartition tp : partitions) {
            JsonNode doc = got.body().path("docs").path(i++);
            if (doc.path("found").asBoolean(false)) {
                existing.put(tp, Times.nanos(WatermarkDocument.fromSource(doc.path("_source")).watermark()));
            } else {
                WatermarkDocument fresh = new WatermarkDocument(tp.topic(), tp.partition(), kindOfTopic.get(tp.topic()), 0,
                        Instant.EPOCH, Instant.now(), indexer);
                append(bulk, "create", fresh);
            }
        }
        if (bulk.length() > 0) {
            ElasticsearchConnection.JsonResponse r = es.sendNdjson("/_bulk", bulk.toString());
            if (!r.ok()) {
                throw new IOException("claiming watermarks: HTTP " + r.status() + " " + r.body());
            }
        }
        return existing;
    }

    /** Writes the documents unless the previous write is still going. */
    void publish(List<WatermarkDocument> documents) {
        if (documents.isEmpty()) {
            written.accept(List.of());
            return;
        }
        if (!busy.compareAndSet(false, true)) {
            return;
        }
        List<WatermarkDocument> copy = List.copyOf(documents);
        executor.execute(() -> {
            try {
                ensureIndex();
                StringBuilder bulk = new StringBuilder();
                for (WatermarkDocument d : copy) {
                    append(bulk, "index", d);
                }
                ElasticsearchConnection.JsonResponse r = es.sendNdjson("/_bulk", bulk.toString());
                if (!r.ok() || r.body().path("errors").asBoolean(false)) {
                    throw new IOException("HTTP " + r.status() + " " + r.body());
                }
                written.accept(copy.stream().map(WatermarkDocument::watermark).toList());
            } catch (IOException | RuntimeException e) {
                LOG.debug("watermarks not written this time: {}", e.toString());
            } finally {
                busy.set(false);
            }
        });
    }

    static String id(TopicPartition tp) {
        return new WatermarkDocument(tp.topic(), tp.partition(), null, 0, Instant.EPOCH, Instant.EPOCH, null).id();
    }

    private void append(StringBuilder bulk, String action, WatermarkDocument d) throws IOException {
        ObjectNode a = json.createObjectNode();
        a.putObject(action).put("_index", Watermarks.INDEX).put("_id", d.id());
        bulk.append(json.writeValueAsString(a)).append('\n').append(json.writeValueAsString(d.source())).append('\n');
    }

    private void ensureIndex() throws IOException {
        if (indexReady) {
            return;
        }
        ElasticsearchConnection.JsonResponse r = es.send("PUT", "/" + Watermarks.INDEX,
                Watermarks.createIndexBody(new IndexTemplates.Settings(indices.shards(), indices.replicas())));
        if (!r.ok() && !"resource_already_exists_exception".equals(r.errorType())) {
            throw new IOException("creating " + Watermarks.INDEX + ": HTTP " + r.status() + " " + r.body());
        }
        indexReady = true;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
