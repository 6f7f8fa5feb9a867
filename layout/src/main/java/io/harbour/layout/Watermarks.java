package io.harbour.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * The watermark: a receive time up to which every record is stored (in Elasticsearch, or parked
 * in the dead-letter topic), which export builds its closed-window guarantee on.
 *
 * <p>One document per ingest partition ({@link WatermarkDocument}) in
 * {@link IndexNames#WATERMARK_INDEX}, written by the indexer instance that owns the partition,
 * not one per realm: the indexer commits and stores a partition's records as one ordered prefix
 * whatever their realms, and every realm's records spread over every partition (keys hash app,
 * instance, address), so a realm's watermark is the minimum over all partitions, the same number
 * for every realm. Per-partition documents also mean two instances of the consumer group never
 * write the same document.
 *
 * <p>Readers take the minimum with {@link #minimumQuery} (sorted, not a {@code min} aggregation,
 * which would round date_nanos to a double). A partition without a document is unknown, not
 * "done": the indexer writes a document for every partition it is assigned before it reads it.
 * For the ExtraHop topic the indexer writes the lower of its stored prefix and the oldest open
 * exchange's {@code first_received_at}: an exchange still waiting for its partner may change,
 * and a closed window must not.
 */
public final class Watermarks {
    public static final String INDEX = IndexNames.WATERMARK_INDEX;
    public static final String TOPIC = "topic";
    public static final String PARTITION = "partition";
    /** The {@link io.harbour.model.LogKind#wireName()} the topic holds. */
    public static final String KIND = "kind";
    /** Every record below this offset is stored: the committed offset. */
    public static final String NEXT_OFFSET = "next_offset";
    /** date_nanos: every record of the partition received before this is stored. */
    public static final String WATERMARK = "watermark";
    public static final String UPDATED_AT = "updated_at";
    /** Which indexer instance wrote it (for operators). */
    public static final String INDEXER = "indexer";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Watermarks() {
    }

    /** One partition's watermark. Written with a plain {@code index} action to {@link #INDEX}, id {@link #id()}. */
    public record WatermarkDocument(String topic, int partition, String kind, long nextOffset, Instant watermark,
                                    Instant updatedAt, String indexer) {
        public WatermarkDocument {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(watermark, "watermark");
            Objects.requireNonNull(updatedAt, "updatedAt");
        }

        public String id() {
            return topic + ":" + partition;
        }

        public ObjectNode source() {
            ObjectNode doc = NODES.objectNode();
            doc.put(TOPIC, topic);
            doc.put(PARTITION, partition);
            if (kind != null) {
                doc.put(KIND, kind);
            }
            doc.put(NEXT_OFFSET, nextOffset);
            doc.put(WATERMARK, Times.format(watermark));
            doc.put(UPDATED_AT, Times.format(updatedAt));
            if (indexer != null) {
                doc.put(INDEXER, indexer);
            }
            return doc;
        }

        public static WatermarkDocument fromSource(JsonNode source) {
            return new WatermarkDocument(source.path(TOPIC).asText(), source.path(PARTITION).asInt(),
                    source.hasNonNull(KIND) ? source.get(KIND).asText() : null, source.path(NEXT_OFFSET).asLong(),
                    Times.instant(Times.parseNanos(source.path(WATERMARK).asText())),
                    Times.instant(Times.parseNanos(source.path(UPDATED_AT).asText())),
                    source.hasNonNull(INDEXER) ? source.get(INDEXER).asText() : null);
        }
    }

    /** The body of {@code PUT harbour-watermarks}; a small index of its own, not covered by any template. */
    public static ObjectNode createIndexBody(IndexTemplates.Settings settings) {
        ObjectNode body = NODES.objectNode();
        ObjectNode index = body.putObject("settings").putObject("index");
        index.put("number_of_shards", 1);
        index.put("number_of_replicas", settings.replicas());
        ObjectNode mappings = body.putObject("mappings");
        mappings.put("dynamic", "strict");
        ObjectNode p = mappings.putObject("properties");
        p.set(TOPIC, Mappings.keyword());
        p.set(PARTITION, Mappings.integer());
        p.set(KIND, Mappings.keyword());
        p.set(NEXT_OFFSET, Mappings.longNumber());
        p.set(WATERMARK, Mappings.dateNanos());
        p.set(UPDATED_AT, Mappings.dateNanos());
        p.set(INDEXER, Mappings.keyword());
        return body;
    }

    /**
     * {@code POST harbour-watermarks/_search} body: the lowest watermark over the given topics'
     * partitions (all topics when {@code topics} is empty). Read it with {@link #minimum}.
     */
    public static ObjectNode minimumQuery(Collection<String> topics) {
        ObjectNode body = NODES.objectNode();
        body.put("size", 1);
        if (!topics.isEmpty()) {
            ArrayNode terms = body.putObject("query").putObject("terms").putArray(TOPIC);
            topics.forEach(terms::add);
        }
        body.putArray("sort").addObject().putObject(WATERMARK).put("order", "asc");
        return body;
    }

    /** The watermark in a {@link #minimumQuery} answer; empty when no partition has one yet. */
    public static Optional<Instant> minimum(JsonNode searchAnswer) {
        JsonNode hits = searchAnswer.path("hits").path("hits");
        if (!hits.isArray() || hits.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(WatermarkDocument.fromSource(hits.get(0).path("_source")).watermark());
    }
}
