package io.harbour.query.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.CommonFields;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One kind's documents in (received, doc_id) order, a page at a time, from a point in time with
 * search_after: the next page is fetched only when the last one is used up, so a stream holds at
 * most one page. The sort names {@code _shard_doc} explicitly (a point in time would add it
 * anyway) so search_after always has three values; a cursor's position resumes with
 * {@link Long#MAX_VALUE} there, i.e. after every document with that received time and doc_id.
 */
final class KindStream implements SortedHits {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Logger LOG = LoggerFactory.getLogger(KindStream.class);

    private final ExportSearch search;
    private final ExportKind kind;
    private final ObjectNode query;
    private final int pageSize;
    private final Duration keepAlive;
    private final ExportMetrics metrics;
    private final ArrayDeque<Hit> page = new ArrayDeque<>();
    private String pitId;
    private JsonNode after;
    private boolean exhausted;

    /**
     * @param pitId null when the realm has no index of this kind: the stream is empty
     * @param start where to resume (null: from the query's start)
     */
    KindStream(ExportSearch search, ExportKind kind, ObjectNode query, String pitId, int pageSize, Duration keepAlive,
               ExportCursor.Position start, ExportMetrics metrics) {
        this.search = search;
        this.kind = kind;
        this.query = query;
        this.pitId = pitId;
        this.pageSize = pageSize;
        this.keepAlive = keepAlive;
        this.metrics = metrics;
        this.exhausted = pitId == null;
        if (start != null) {
            ArrayNode a = NODES.arrayNode();
            a.add(start.receivedNanos()).add(start.docId()).add(Long.MAX_VALUE);
            this.after = a;
        }
    }

    @Override
    public ExportKind kind() {
        return kind;
    }

    @Override
    public Hit peek() throws IOException {
        if (page.isEmpty() && !exhausted) {
            fetch();
        }
        return page.peekFirst();
    }

    @Override
    public Hit poll() throws IOException {
        Hit hit = peek();
        if (hit != null) {
            page.pollFirst();
        }
        return hit;
    }

    @Override
    public int held() {
        return page.size();
    }

    private void fetch() throws IOException {
        ObjectNode body = NODES.objectNode();
        body.put("size", pageSize);
        body.put("track_total_hits", false);
        body.set("query", query);
        ArrayNode sort = body.putArray("sort");
        ObjectNode received = sort.addObject().putObject(kind.receivedField());
        received.put("order", "asc");
        received.put("numeric_type", "date_nanos");
        sort.addObject().putObject(CommonFields.DOC_ID).put("order", "asc");
        sort.addObject().putObject("_shard_doc").put("order", "asc");
        ObjectNode pit = body.putObject("pit");
        pit.put("id", pitId);
        pit.put("keep_alive", keepAlive.toSeconds() + "s");
        if (after != null) {
            body.set("search_after", after);
        }
        JsonNode answer = search.search(body);
        if (answer.hasNonNull("pit_id")) {
            // Elasticsearch may hand back a new id for the same point in time: always page with the latest.
            pitId = answer.get("pit_id").asText();
        }
        JsonNode hits = answer.path("hits").path("hits");
        for (JsonNode h : hits) {
            JsonNode sortValues = h.path("sort");
            page.addLast(new Hit(kind, sortValues.get(0).asLong(), sortValues.get(1).asText(), sortValues, h.path("_source")));
        }
        metrics.page(hits.size());
        if (hits.size() < pageSize) {
            exhausted = true;
        } else {
            after = page.peekLast().sortValues();
        }
    }

    @Override
    public void close() {
        if (pitId == null) {
            return;
        }
        try {
            search.closePit(pitId);
        } catch (IOException | RuntimeException e) {
            // It expires by itself after keep_alive: nothing else to do.
            LOG.debug("closing a point in time failed: {}", e.toString());
        }
        pitId = null;
    }
}
