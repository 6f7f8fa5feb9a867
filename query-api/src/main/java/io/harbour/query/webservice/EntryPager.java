package io.harbour.query.webservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.Times;
import io.harbour.model.logharbour.Timestamp;
import io.harbour.query.http.ApiException;
import io.harbour.query.http.RequestParameters;
import io.harbour.query.logharbour.LogHarbourAccess;
import io.harbour.realms.QueryAuthentication;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pages of entries for seed 002's calls and the UI's, sorted on (when, doc_id) like GetLogs.
 * <ul>
 * <li>{@link #exact}: Harbour's own cursor, both halves ({@code search_after_timestamp} and
 * {@code search_after_doc_id}) or neither, else {@code pagination_error}; entries sharing a
 * time page exactly on the doc id.</li>
 * <li>{@link #wholeTimes}: the UI's cursor, the {@code when} of the last entry shown and no doc
 * id. A page never ends inside a group of entries sharing one {@code when}: when the page's
 * last entry shares its time with the next one, the page is extended to the end of that group
 * (fetched in chunks on the exact cursor), so "everything older than that time" is exactly the
 * rest. A page may then be longer than MAXREC, by the size of one tie group; cutting before the
 * group instead would never advance past a group larger than a page.</li>
 * </ul>
 */
public final class EntryPager {
    public static final String SEARCH_AFTER_TIMESTAMP = "search_after_timestamp";
    public static final String SEARCH_AFTER_DOC_ID = "search_after_doc_id";
    /** Longer than any id Elasticsearch accepts (512 bytes). */
    private static final int MAX_DOC_ID = 512;
    /** Entries per round trip while a tie group is read to its end. */
    static final int TIE_CHUNK = 1000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Where the next page starts; {@code docId} null: after every entry of that time (the UI's cursor). */
    public record Cursor(String when, String docId) {
    }

    /** @param next null on the last page */
    public record Page(List<ObjectNode> logs, long nrec, Cursor next) {
        public ArrayNode logsArray() {
            ArrayNode a = NODES.arrayNode();
            logs.forEach(a::add);
            return a;
        }

        /** {@code {"search_after_timestamp","search_after_doc_id"}} or null. */
        public JsonNode nextJson() {
            if (next == null) {
                return NODES.nullNode();
            }
            ObjectNode n = NODES.objectNode();
            n.put(SEARCH_AFTER_TIMESTAMP, next.when());
            if (next.docId() != null) {
                n.put(SEARCH_AFTER_DOC_ID, next.docId());
            }
            return n;
        }
    }

    private EntryPager() {
    }

    /**
     * The cursor of a call. {@code timestampAlone}: a timestamp without a doc id is the UI's cursor;
     * otherwise both halves or neither. A doc id without a timestamp, or a timestamp that does not
     * parse, is {@code pagination_error} either way.
     */
    public static Optional<Cursor> cursor(RequestParameters p, boolean timestampAlone) {
        Optional<String> ts = p.get(SEARCH_AFTER_TIMESTAMP);
        Optional<String> id = p.get(SEARCH_AFTER_DOC_ID);
        if (ts.isEmpty() && id.isEmpty()) {
            return Optional.empty();
        }
        if (ts.isEmpty() || (id.isEmpty() && !timestampAlone)) {
            String missing = ts.isEmpty() ? SEARCH_AFTER_TIMESTAMP : SEARCH_AFTER_DOC_ID;
            throw ApiException.badRequest("pagination_error", missing,
                    "search_after_timestamp and search_after_doc_id go together: send both (from the previous answer's next) or neither");
        }
        Timestamp when = Timestamp.parse(ts.get().strip()).orElseThrow(() -> ApiException.badRequest("pagination_error",
                SEARCH_AFTER_TIMESTAMP, "search_after_timestamp must be an RFC 3339 time such as 2026-11-23T05:56:38.427582317Z"));
        if (id.isPresent() && id.get().length() > MAX_DOC_ID) {
            throw ApiException.badRequest("pagination_error", SEARCH_AFTER_DOC_ID, "search_after_doc_id is longer than any document id");
        }
        return Optional.of(new Cursor(Times.format(when.instant()), id.orElse(null)));
    }

    static ObjectNode body(ObjectNode query, boolean oldestFirst, Cursor after, int size, boolean total) {
        ObjectNode body = NODES.objectNode();
        body.put("size", size);
        body.put("track_total_hits", total);
        body.set("query", query);
        body.set("sort", LogHarbourAccess.sort(oldestFirst));
        if (after != null) {
            // A time-only cursor: newest first, (when, "") is after every entry of that time, since
            // "" sorts before every doc id; oldest first, no doc id sorts after "\uffff".
            String docId = after.docId() != null ? after.docId() : oldestFirst ? "\uffff" : "";
            body.putArray("search_after").add(after.when()).add(docId);
        }
        return body;
    }

    /** One page on the exact cursor: {@code next} carries both halves. */
    public static Page exact(LogHarbourAccess access, QueryAuthentication.Accepted caller, ObjectNode query, boolean oldestFirst,
                             Optional<Cursor> cursor, int pageSize) throws IOException {
        JsonNode response = access.search(caller, body(query, oldestFirst, cursor.orElse(null), pageSize + 1, true));
        JsonNode hits = response.path("hits").path("hits");
        List<ObjectNode> logs = new ArrayList<>();
        JsonNode last = null;
        for (int i = 0; i < Math.min(pageSize, hits.size()); i++) {
            logs.add(Entries.shaped(hits.get(i)));
            last = hits.get(i);
        }
        Cursor next = hits.size() > pageSize && last != null ? sortCursor(last) : null;
        return new Page(logs, total(response), next);
    }

    /**
     * One newest-first page on the UI's cursor, never ending inside a tie group; {@code next} is
     * the time of its last entry alone. {@code nrec} counts every matching entry, not the rest.
     */
    public static Page wholeTimes(LogHarbourAccess access, QueryAuthentication.Accepted caller, ObjectNode query, Optional<Cursor> cursor,
                                  int pageSize) throws IOException {
        JsonNode response = access.search(caller, body(query, false, cursor.orElse(null), pageSize + 1, true));
        JsonNode hits = response.path("hits").path("hits");
        List<ObjectNode> logs = new ArrayList<>();
        JsonNode last = null;
        for (int i = 0; i < Math.min(pageSize, hits.size()); i++) {
            logs.add(Entries.shaped(hits.get(i)));
            last = hits.get(i);
        }
        boolean more = hits.size() > pageSize;
        if (more && sortWhen(hits.get(pageSize)).equals(sortWhen(last))) {
            String groupWhen = sortWhen(last);
            more = false;
            boolean groupDone = false;
            while (!groupDone) {
                JsonNode chunk = access.search(caller, body(query, false, sortCursor(last), TIE_CHUNK, false)).path("hits").path("hits");
                for (JsonNode hit : chunk) {
                    if (!sortWhen(hit).equals(groupWhen)) {
                        more = true;
                        groupDone = true;
                        break;
                    }
                    logs.add(Entries.shaped(hit));
                    last = hit;
                }
                if (chunk.size() < TIE_CHUNK) {
                    groupDone = true;
                }
            }
        }
        Cursor next = more && last != null ? new Cursor(sortWhen(last), null) : null;
        return new Page(logs, total(response), next);
    }

    private static long total(JsonNode response) {
        return response.path("hits").path("total").path("value").asLong();
    }

    private static String sortWhen(JsonNode hit) {
        return hit.path("sort").path(0).asText();
    }

    private static Cursor sortCursor(JsonNode hit) {
        return new Cursor(hit.path("sort").path(0).asText(), hit.path("sort").path(1).asText());
    }
}
