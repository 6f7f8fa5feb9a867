package io.harbour.query.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.query.http.ApiRequest;
import io.harbour.query.http.StreamedReply;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/** Opens an export's streams: refresh, one point in time per kind, the merged body. */
final class ExportStreams {
    static final String NDJSON = "application/x-ndjson";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ExportStreams() {
    }

    /**
     * @param clauses adds a kind's own filter clauses (the window, or the id) to its filter array
     * @param maxBytes the size cut; Long.MAX_VALUE for none
     */
    static StreamedReply open(ExportContext ctx, ApiRequest request, ExportScope scope, List<ExportKind> kinds,
                              ExportParameters p, BiConsumer<ExportKind, ArrayNode> clauses, long maxBytes) throws IOException {
        List<String> indices = kinds.stream().map(scope::index).toList();
        ctx.search().refresh(indices);
        List<KindStream> streams = new ArrayList<>();
        try {
            for (ExportKind kind : kinds) {
                ObjectNode query = NODES.objectNode();
                ObjectNode bool = query.putObject("bool");
                ArrayNode filter = bool.putArray("filter");
                ArrayNode mustNot = bool.putArray("must_not");
                clauses.accept(kind, filter);
                scope.addTo(kind, filter, mustNot);
                String pit = ctx.search().openPit(scope.index(kind), ctx.settings().keepAlive()).orElse(null);
                streams.add(new KindStream(ctx.search(), kind, query, pit, ctx.settings().pageSize(), ctx.settings().keepAlive(),
                        p.cursor().position(kind), ctx.metrics()));
            }
        } catch (IOException | RuntimeException e) {
            ExportStream.closeAll(streams);
            throw e;
        }
        ExportStream body = new ExportStream(streams, new LineFormat(p.fields(), p.timestamps()), p.sample(),
                p.count(), maxBytes, ctx.settings().pageSize(), p.startNanos(), p.endNanos(), p.cursor(), ctx.metrics());
        return new StreamedReply(HttpResponseStatus.OK, NDJSON, Map.of(), body, acceptsGzip(request.headers().get(HttpHeaderNames.ACCEPT_ENCODING)));
    }

    /** True when {@code Accept-Encoding} lists gzip (or *) with a q above 0. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String item : acceptEncoding.split(",")) {
            String[] parts = item.split(";");
            String coding = parts[0].trim().toLowerCase(Locale.ROOT);
            if (!coding.equals("gzip") && !coding.equals("x-gzip") && !coding.equals("*")) {
                continue;
            }
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String param = parts[i].trim();
                if (param.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(param.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (q > 0) {
                return true;
            }
        }
        return false;
    }
}
