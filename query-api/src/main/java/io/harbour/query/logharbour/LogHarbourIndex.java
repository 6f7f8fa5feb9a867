package io.harbour.query.logharbour;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.elastic.ElasticsearchConnection;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Searches one realm's LogHarbour alias. A realm whose first index does not exist yet has no
 * alias either: {@code ignore_unavailable} and {@code allow_no_indices} make that an empty answer,
 * not an error. Elasticsearch saying "not now" (429, 5xx) is an
 * {@link ElasticsearchUnavailableException}; any other refusal is a bug in the query, an
 * {@link IllegalStateException} with Elasticsearch's reason. Public because the exchange search
 * ({@code io.harbour.query.exchange}) searches the realm's exchange alias the same way.
 */
public final class LogHarbourIndex {
    /** Buckets per composite page: large pages mean few round trips, still small answers. */
    static final int COMPOSITE_PAGE = 1000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ElasticsearchConnection es;

    public LogHarbourIndex(ElasticsearchConnection es) {
        this.es = es;
    }

    public JsonNode search(String index, ObjectNode body) throws IOException {
        ElasticsearchConnection.JsonResponse r = es.send("POST", "/" + index + "/_search?ignore_unavailable=true&allow_no_indices=true", body);
        if (r.status() == 429 || r.status() >= 500) {
            throw new ElasticsearchUnavailableException("Elasticsearch answered " + r.status() + " " + reason(r));
        }
        if (!r.ok()) {
            if ("index_not_found_exception".equals(r.errorType())) {
                return NODES.objectNode();
            }
            throw new IllegalStateException("Elasticsearch refused a query (" + r.status() + " " + reason(r) + "): " + body);
        }
        if (r.body().path("_shards").path("failed").asInt() > 0) {
            throw new ElasticsearchUnavailableException("some shards failed: " + r.body().path("_shards").path("failures"));
        }
        return r.body();
    }

    /** The number of entries matching {@code query} (exact: track_total_hits). */
    long count(String index, ObjectNode query) throws IOException {
        ObjectNode body = NODES.objectNode();
        body.put("size", 0);
        body.put("track_total_hits", true);
        body.set("query", query);
        return search(index, body).path("hits").path("total").path("value").asLong();
    }

    /**
     * Every value of {@code field} among the entries matching {@code query}, with the number of
     * entries holding it: a composite aggregation paged to its end, so every value comes, not a
     * top ten. {@code nestedPath} non-null: {@code field} is inside those nested documents, and
     * the count is of entries (reverse_nested), not of nested items.
     */
    public Map<String, Long> countsByValue(String index, ObjectNode query, String field, String nestedPath) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        JsonNode after = null;
        do {
            ObjectNode composite = NODES.objectNode();
            ObjectNode spec = composite.putObject("composite");
            spec.put("size", COMPOSITE_PAGE);
            spec.putArray("sources").addObject().putObject("v").putObject("terms").put("field", field);
            if (after != null) {
                spec.set("after", after);
            }
            ObjectNode body = NODES.objectNode();
            body.put("size", 0);
            body.put("track_total_hits", false);
            body.set("query", query);
            JsonNode buckets;
            if (nestedPath == null) {
                body.putObject("aggs").set("values", composite);
                JsonNode agg = search(index, body).path("aggregations").path("values");
                buckets = agg.path("buckets");
                after = agg.get("after_key");
            } else {
                composite.putObject("aggs").putObject("entries").putObject("reverse_nested");
                ObjectNode nested = body.putObject("aggs").putObject("nested_values");
                nested.putObject("nested").put("path", nestedPath);
                nested.putObject("aggs").set("values", composite);
                JsonNode agg = search(index, body).path("aggregations").path("nested_values").path("values");
                buckets = agg.path("buckets");
                after = agg.get("after_key");
            }
            for (JsonNode bucket : buckets) {
                long n = nestedPath == null ? bucket.path("doc_count").asLong() : bucket.path("entries").path("doc_count").asLong();
                counts.merge(bucket.path("key").path("v").asText(), n, Long::sum);
            }
            if (buckets.size() < COMPOSITE_PAGE) {
                after = null;
            }
        } while (after != null);
        return counts;
    }

    private static String reason(ElasticsearchConnection.JsonResponse r) {
        if (r.body() == null) {
            return "(no body)";
        }
        JsonNode error = r.body().path("error");
        return error.path("type").asText("") + ": " + error.path("reason").asText(r.body().toString());
    }
}
