package io.harbour.query.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.Times;
import io.harbour.query.http.ApiRequest;
import io.harbour.query.http.RequestParameters;
import io.harbour.query.http.StreamedReply;
import io.harbour.query.http.StreamingHandler;
import java.io.IOException;
import java.util.List;

/**
 * {@code GET /api/v1/logs/received}: one closed window, every kind the token may read, NDJSON in
 * (received_at, doc_id) order. Checks in the order a caller can act on them: rate limit, then
 * parameters, scope and fields, then the window's shape and retention, then the watermark (the
 * only check that asks Elasticsearch).
 */
final class ReceivedHandler implements StreamingHandler {
    private final ExportContext ctx;

    ReceivedHandler(ExportContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public StreamedReply open(ApiRequest request) throws IOException {
        ctx.limiter().acquire(request.caller());
        ExportParameters p = ExportParameters.received(RequestParameters.of(request));
        ExportScope scope = ExportScope.of(request.caller());
        List<ExportKind> kinds = scope.kinds(p.kinds());
        LineFormat.check(p.fields(), kinds);
        ctx.rules().checkShape(request.caller().realm(), p.startNanos(), p.endNanos());
        WindowRules.checkClosed(p.endNanos(), ctx.search().watermarkNanos());
        String gte = Times.format(p.startNanos());
        String lt = Times.format(p.endNanos());
        return ExportStreams.open(ctx, request, scope, kinds, p, (kind, filter) -> {
            ObjectNode range = filter.addObject().putObject("range").putObject(kind.receivedField());
            range.put("gte", gte);
            range.put("lt", lt);
            range.put("format", "strict_date_optional_time_nanos");
        }, ctx.settings().maxBytes());
    }
}
