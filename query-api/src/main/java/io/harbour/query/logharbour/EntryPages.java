package io.harbour.query.logharbour;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.CommonFields;
import io.harbour.layout.logharbour.LogEntrySources;
import java.io.IOException;
import java.util.Optional;

/**
 * One page of entries, as GetLogs and GetChanges answer:
 * {@code {"logs":[entry...],"nrec":n,"next":{"searchAfterTS","searchAfterDocID"}|null}}.
 *
 * <p>Sorted by (when, doc_id) with a real tie-breaker, resumed with search_after on both: entries
 * sharing one {@code when} each come exactly once. {@code nrec} is the exact number of matching
 * entries (track_total_hits true: never capped at 10,000). One entry more than a page is fetched
 * to know whether a next page exists, so {@code next} is null exactly on the last page. Each
 * entry is the wire-shaped LogHarbour entry plus its {@code doc_id} (the cursor's second half).
 */
final class EntryPages {
    static final String DOC_ID = "doc_id";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private EntryPages() {
    }

    /** The search body of one page. */
    static ObjectNode body(ObjectNode query, boolean oldestFirst, Optional<Cursor> cursor, int pageSize) {
        ObjectNode body = NODES.objectNode();
        body.put("size", pageSize + 1);
        body.put("track_total_hits", true);
        body.set("query", query);
        body.set("sort", Queries.sort(oldestFirst));
        cursor.ifPresent(c -> body.putArray("search_after").add(c.when()).add(c.docId()));
        return body;
    }

    static ObjectNode fetch(LogHarbourIndex index, String alias, ObjectNode query, boolean oldestFirst, Optional<Cursor> cursor,
                            int pageSize) throws IOException {
        return answer(index.search(alias, body(query, oldestFirst, cursor, pageSize)), pageSize);
    }

    /** The answer from Elasticsearch's search response. */
    static ObjectNode answer(JsonNode response, int pageSize) {
        JsonNode hits = response.path("hits").path("hits");
        ObjectNode out = NODES.objectNode();
        ArrayNode logs = out.putArray("logs");
        JsonNode last = null;
        for (int i = 0; i < Math.min(pageSize, hits.size()); i++) {
            JsonNode hit = hits.get(i);
            ObjectNode entry = LogEntrySources.toEntry(hit.path("_source"));
            entry.put(DOC_ID, hit.path("_source").path(CommonFields.DOC_ID).asText(hit.path("_id").asText()));
            logs.add(entry);
            last = hit;
        }
        out.put("nrec", response.path("hits").path("total").path("value").asLong());
        if (hits.size() > pageSize && last != null) {
            ObjectNode next = out.putObject("next");
            next.put(Param.SEARCH_AFTER_TS, last.path("sort").path(0).asText());
            next.put(Param.SEARCH_AFTER_DOC_ID, last.path("sort").path(1).asText());
        } else {
            out.putNull("next");
        }
        return out;
    }
}
