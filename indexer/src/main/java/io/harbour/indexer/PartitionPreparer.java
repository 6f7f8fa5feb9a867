package io.harbour.indexer;

import io.harbour.elastic.ElasticsearchConnection;
import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.indexer.exchange.JoinSettings;
import io.harbour.layout.Times;
import io.harbour.layout.exchange.ExchangeRestoreQuery;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets newly assigned partitions ready to be read: claims each one's watermark document (taking
 * over the previous owner's watermark as a floor) and rebuilds the exchange joiner of each
 * ExtraHop partition from Elasticsearch. It exists because reading before both are done would
 * publish a watermark that goes backwards or join a replayed half against an empty joiner; until
 * then the partition stays paused, and a failure is retried with backoff without blocking the
 * partitions already prepared. Poll thread only.
 */
final class PartitionPreparer {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionPreparer.class);

    private final AssignedPartitions partitions;
    private final WatermarkPublisher watermarkPublisher;
    private final WatermarkTracker watermarks;
    private final ElasticsearchConnection es;
    private final Map<String, String> kindOfTopic;
    private final String indexerId;
    private final JoinSettings joinSettings;
    private final Backoff backoff;

    PartitionPreparer(AssignedPartitions partitions, WatermarkPublisher watermarkPublisher, WatermarkTracker watermarks,
                      ElasticsearchConnection es, Map<String, String> kindOfTopic, String indexerId, JoinSettings joinSettings,
                      Backoff backoff) {
        this.partitions = partitions;
        this.watermarkPublisher = watermarkPublisher;
        this.watermarks = watermarks;
        this.es = es;
        this.kindOfTopic = kindOfTopic;
        this.indexerId = indexerId;
        this.joinSettings = joinSettings;
        this.backoff = backoff;
    }

    /**
     * Claims the watermark documents of newly assigned partitions and restores the exchange joiner
     * of each ExtraHop partition from Elasticsearch; until both are done the partition stays paused.
     */
    void prepareDue() {
        long now = System.nanoTime();
        List<TopicPartition> due = new ArrayList<>();
        for (var e : partitions.entries()) {
            if (!e.getValue().prepared && e.getValue().prepareDueNanos <= now) {
                due.add(e.getKey());
            }
        }
        if (due.isEmpty()) {
            return;
        }
        try {
            Map<TopicPartition, Long> inherited = watermarkPublisher.claim(due, kindOfTopic, indexerId);
            for (TopicPartition tp : due) {
                PartitionState s = partitions.get(tp);
                Long w = inherited.get(tp);
                s.inheritedWatermark = w;
                if (w != null) {
                    watermarks.floor(tp, w);
                }
                if (s.joiner != null) {
                    restore(tp, s);
                }
                s.prepared = true;
            }
            LOG.info("partitions ready to read: {}", due);
        } catch (IOException | RuntimeException e) {
            for (TopicPartition tp : due) {
                PartitionState s = partitions.get(tp);
                if (s != null && !s.prepared) {
                    s.prepareAttempts++;
                    s.prepareDueNanos = now + backoff.delay(s.prepareAttempts).toNanos();
                }
            }
            LOG.warn("partitions {} wait: watermark or exchange state not available yet: {}", due, Causes.describe(e));
        }
    }

    /** Rebuilds the joiner's open exchanges (pending ones, and those a replayed record can meet). */
    private void restore(TopicPartition tp, PartitionState s) throws IOException {
        Instant since = ExchangeRestoreQuery.since(s.inheritedWatermark == null || s.inheritedWatermark <= 0
                ? null : Times.instant(s.inheritedWatermark), joinSettings.lookBack());
        JsonNode searchAfter = null;
        int restored = 0;
        do {
            ElasticsearchConnection.JsonResponse r = es.send("POST", "/" + ExchangeRestoreQuery.INDEX
                    + "/_search?ignore_unavailable=true&allow_no_indices=true", ExchangeRestoreQuery.body(tp.topic(), tp.partition(), since, searchAfter));
            if (!r.ok()) {
                throw new IOException("restoring exchanges of " + tp + ": HTTP " + r.status() + " " + r.body());
            }
            for (JsonNode hit : r.body().path("hits").path("hits")) {
                if (s.joiner.restore(hit.path("_source"))) {
                    restored++;
                }
            }
            searchAfter = ExchangeRestoreQuery.nextSearchAfter(r.body());
        } while (searchAfter != null);
        if (restored > 0) {
            LOG.info("{}: {} exchanges restored ({} pending)", tp, restored, s.joiner.pendingCount());
        }
    }
}
