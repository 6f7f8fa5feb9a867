package io.harbour.query.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.elastic.ElasticsearchConnection;
import io.harbour.layout.Times;
import io.harbour.layout.Watermarks;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Export's calls to Elasticsearch, raw JSON: the watermark, refresh, points in time and their
 * pages. "Not now" answers (429, 5xx, failed shards) are {@link IOException}s, which the server
 * turns into 503 with Retry-After before a stream starts and into a reset after; any other refusal
 * is a bug in the query, an {@link IllegalStateException} with Elasticsearch's reason.
 */
final class ExportSearch {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ElasticsearchConnection es;

    ExportSearch(ElasticsearchConnection es) {
        this.es = es;
    }

    /**
     * The realm's watermark in epoch nanoseconds: the lowest over every partition's document
     * ({@link Watermarks}: one number for every realm). Empty while the indexer has written none.
     */
    Optional<Long> watermarkNanos() throws IOException {
        ElasticsearchConnection.JsonResponse r = es.send("POST", "/" + Watermarks.INDEX + "/_search?ignore_unavailable=true&allow_no_indices=true",
                Watermarks.minimumQuery(List.of()));
        checked(r, "reading the watermark");
        return Watermarks.minimum(r.body()).map(Times::nanos);
    }

    /**
     * Makes every document the indexer has stored searchable. The indexer publishes a watermark
     * once its bulk writes are acknowledged, which is before the periodic refresh shows them to
     * searches; without this, a window just below the watermark could miss its last documents
     * the first time and not the second, breaking "the same bytes every time".
     */
    void refresh(Collection<String> indices) throws IOException {
        if (indices.isEmpty()) {
            return;
        }
        ElasticsearchConnection.JsonResponse r = es.send("POST", "/" + String.join(",", indices)
                + "/_refresh?ignore_unavailable=true&allow_no_indices=true", null);
        checked(r, "refreshing " + indices);
    }

    /** A point in time over {@code index}; empty when the realm has no index of that kind yet. */
    Optional<String> openPit(String index, Duration keepAlive) throws IOException {
        ElasticsearchConnection.JsonResponse r = es.send("POST", "/" + URLEncoder.encode(index, StandardCharsets.UTF_8)
                + "/_pit?keep_alive=" + keepAlive.toSeconds() + "s", null);
        if (!r.ok() && "index_not_found_exception".equals(r.errorType())) {
            return Optional.empty();
        }
        checked(r, "opening a point in time on " + index);
        return Optional.of(r.body().path("id").asText());
    }

    void closePit(String id) throws IOException {
        ObjectNode body = NODES.objectNode();
        body.put("id", id);
        es.send("DELETE", "/_pit", body);
    }

    /** One page: a search with a point in time, so no index in the path. */
    JsonNode search(ObjectNode body) throws IOException {
        ElasticsearchConnection.JsonResponse r = es.send("POST", "/_search", body);
        checked(r, "searching");
        if (r.body().path("_shards").path("failed").asInt() > 0) {
            throw new IOException("some shards failed: " + r.body().path("_shards").path("failures"));
        }
        return r.body();
    }

    private static void checked(ElasticsearchConnection.JsonResponse r, String what) throws IOException {
        if (r.status() == 429 || r.status() >= 500) {
            throw new IOException("Elasticsearch answered " + r.status() + " " + reason(r) + " while " + what);
        }
        if (!r.ok()) {
            throw new IllegalStateException("Elasticsearch refused " + what + " (" + r.status() + " " + reason(r) + ")");
        }
    }

    private static String reason(ElasticsearchConnection.JsonResponse r) {
        if (r.body() == null) {
            return "(no body)";
        }
        JsonNode error = r.body().path("error");
        return error.path("type").asText("") + ": " + error.path("reason").asText(r.body().toString());
    }
}
