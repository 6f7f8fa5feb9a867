package io.harbour.query.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.query.http.ApiReply;
import io.harbour.query.http.ApiRequest;
import io.harbour.query.http.Handler;
import io.harbour.query.http.RequestParameters;
import io.harbour.query.logharbour.Cursor;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/v1/extrahop/exchanges}: up to MAXREC exchanges matching the filter,
 * {@code {"exchanges":[document...],"nrec":n,"next":{"searchAfterTS","searchAfterDocID"}|null}}.
 * Oldest first when only fromts is given, newest first otherwise (as GetLogs). Sorted by
 * (first_received_at, doc_id) and resumed with search_after on both, so exchanges sharing a time
 * each come exactly once; the cursor is both halves or neither (400 {@code pagination_error}).
 * {@code nrec} is exact (track_total_hits). Each exchange is its stored document.
 */
final class ExchangeSearchHandler implements Handler {
    static final Set<String> FILTERS = Set.of(ExchangeParam.FROMTS, ExchangeParam.TOTS, ExchangeParam.NDAYS, ExchangeParam.SENSOR,
            ExchangeParam.METHOD, ExchangeParam.URI, ExchangeParam.STATUS, ExchangeParam.LATENCY_ABOVE_MS, ExchangeParam.STATE);
    static final Set<String> PARAMETERS = union(FILTERS, Set.of(ExchangeParam.SEARCH_AFTER_TS, ExchangeParam.SEARCH_AFTER_DOC_ID));
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ExchangeContext ctx;

    ExchangeSearchHandler(ExchangeContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public ApiReply handle(ApiRequest request) throws IOException {
        RequestParameters p = RequestParameters.of(request).allowOnly(PARAMETERS);
        String index = ExchangeScope.index(request.caller());
        ExchangeFilter filter = ExchangeFilter.parse(p, ctx.clock(), ctx.maxNdays());
        Optional<Cursor> cursor = Cursor.parse(p);
        return ApiReply.json(answer(ctx.index().search(index, body(filter, cursor, ctx.maxrec())), ctx.maxrec()));
    }

    /** One page more than asked, to know whether a next page exists. */
    static ObjectNode body(ExchangeFilter filter, Optional<Cursor> cursor, int pageSize) {
        ObjectNode body = NODES.objectNode();
        body.put("size", pageSize + 1);
        body.put("track_total_hits", true);
        body.set("query", filter.query());
        body.set("sort", filter.sort());
        cursor.ifPresent(c -> body.putArray("search_after").add(c.when()).add(c.docId()));
        return body;
    }

    static ObjectNode answer(JsonNode response, int pageSize) {
        JsonNode hits = response.path("hits").path("hits");
        ObjectNode out = NODES.objectNode();
        ArrayNode exchanges = out.putArray("exchanges");
        JsonNode last = null;
        for (int i = 0; i < Math.min(pageSize, hits.size()); i++) {
            last = hits.get(i);
            exchanges.add(last.path("_source"));
        }
        out.put("nrec", response.path("hits").path("total").path("value").asLong());
        if (hits.size() > pageSize && last != null) {
            ObjectNode next = out.putObject("next");
            next.put(ExchangeParam.SEARCH_AFTER_TS, last.path("sort").path(0).asText());
            next.put(ExchangeParam.SEARCH_AFTER_DOC_ID, last.path("sort").path(1).asText());
        } else {
            out.putNull("next");
        }
        return out;
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
