package io.harbour.query.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.CommonFields;
import io.harbour.layout.exchange.ExchangeFields;
import io.harbour.layout.logharbour.LogFields;
import io.harbour.query.http.ApiException;
import io.harbour.query.http.ApiRequest;
import io.harbour.query.http.RequestParameters;
import io.harbour.query.http.StreamedReply;
import io.harbour.query.http.StreamingHandler;
import java.io.IOException;
import java.util.List;

/**
 * {@code GET /api/v1/logs/ids/{id}} (Logpull's rayids): every document within the token's scope
 * whose document id, LogHarbour id, exchange id or receipt id is {@code id}: zero, one or many
 * (a receipt names every log of one request). NDJSON like the export, in the same order and line
 * format, taking {@code fields}, {@code timestamps} and {@code kind}; an empty body when nothing
 * matches, as Logpull. NDJSON rather than a JSON array because a receipt may cover a whole batch:
 * it streams like a window, and the lines are the export's, so one reader serves both. No
 * watermark check: this is a lookup, not a window that must never change.
 */
final class IdsHandler implements StreamingHandler {
    static final String PREFIX = "/api/v1/logs/ids/";

    private final ExportContext ctx;

    IdsHandler(ExportContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public StreamedReply open(ApiRequest request) throws IOException {
        ctx.limiter().acquire(request.caller());
        String id = request.path().startsWith(PREFIX) ? request.path().substring(PREFIX.length()) : "";
        if (id.isEmpty() || id.length() > 512) {
            throw ApiException.badRequest("invalid_id", "id", "give one id of 1 to 512 characters: /api/v1/logs/ids/{id}");
        }
        ExportParameters p = ExportParameters.ids(RequestParameters.of(request));
        ExportScope scope = ExportScope.of(request.caller());
        List<ExportKind> kinds = scope.kinds(p.kinds());
        LineFormat.check(p.fields(), kinds);
        return ExportStreams.open(ctx, request, scope, kinds, p, (kind, filter) -> {
            ObjectNode bool = filter.addObject().putObject("bool");
            ArrayNode should = bool.putArray("should");
            for (String field : idFields(kind)) {
                should.addObject().putObject("term").put(field, id);
            }
            bool.put("minimum_should_match", 1);
        }, Long.MAX_VALUE);
    }

    static List<String> idFields(ExportKind kind) {
        return switch (kind) {
            case LOGHARBOUR -> List.of(CommonFields.DOC_ID, LogFields.ID, CommonFields.RECEIPT_ID);
            case EXCHANGES -> List.of(CommonFields.DOC_ID, ExchangeFields.EXCHANGE_ID, ExchangeFields.REQUEST + "." + CommonFields.RECEIPT_ID,
                    ExchangeFields.RESPONSE + "." + CommonFields.RECEIPT_ID);
            case OBSERVATIONS -> List.of(CommonFields.DOC_ID, CommonFields.RECEIPT_ID);
        };
    }
}
