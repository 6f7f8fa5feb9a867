package io.harbour.query.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.elastic.ElasticsearchConnection;
import io.harbour.elastic.ElasticsearchSettings;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexNames;
import io.harbour.layout.IndexTemplates;
import io.harbour.layout.IndexedDocument;
import io.harbour.layout.RecordContext;
import io.harbour.layout.Times;
import io.harbour.layout.exchange.ExchangeDocuments;
import io.harbour.layout.exchange.ExchangeHalf;
import io.harbour.layout.exchange.ExchangeIdentity;
import io.harbour.model.Json;
import io.harbour.model.LogKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes exchange documents as the indexer does: each half read by the layout's
 * {@link ExchangeHalf#read} from an ExtraHop log's bytes, the layout's
 * {@link ExchangeDocuments} writes (update with doc and upsert) applied by {@code _bulk}, the
 * daily index made from the layout's template with its realm alias.
 */
final class ExchangeLoader implements AutoCloseable {
    private final ElasticsearchConnection es;
    private final List<IndexedDocument> writes = new ArrayList<>();
    private long offset;

    ExchangeLoader(String elasticsearchUrl) throws IOException {
        es = new ElasticsearchConnection(ElasticsearchSettings.local(elasticsearchUrl), Json.mapper());
        JsonNode put = es.send("PUT", "/_index_template/" + IndexNames.templateName(DocumentKind.EXCHANGE),
                IndexTemplates.template(DocumentKind.EXCHANGE, IndexTemplates.Settings.singleNode())).body();
        assertTrue(put.path("acknowledged").asBoolean(), put.toString());
    }

    static String requestLog(long sequence, String method, String uri) {
        return "{\"sequence\":" + sequence + ",\"request\":{\"Method\":\"" + method + "\",\"Host\":\"appliance.example.extrahop.com\","
                + "\"RemoteAddr\":\"127.0.0.1:1234\",\"RequestURI\":\"" + uri + "\",\"TLSVersion\":\"TLS1.2\",\"Proto\":\"HTTP/1.1\","
                + "\"ContentLength\":0,\"TransferEncoding\":null,\"Header\":{\"Accept\":[\"application/json\"]},\"Close\":false,\"Trailer\":null}}";
    }

    static String responseLog(long sequence, int status) {
        return "{\"sequence\":" + sequence + ",\"response_status_code\":" + status
                + ",\"response_headers\":{\"Content-Type\":[\"application/json\"]},\"response_body\":{\"ok\":true}}";
    }

    private ExchangeHalf half(String realm, String sensor, String log, Instant received) {
        RecordContext ctx = new RecordContext("harbour.extrahop", 0, offset++, LogKind.EXTRAHOP, realm, Times.nanos(received),
                "192.0.2.20", sensor, "01HZRECEIPTXH");
        try {
            return ExchangeHalf.read(ctx, log.getBytes(StandardCharsets.UTF_8));
        } catch (io.harbour.layout.MalformedRecordException e) {
            throw new IllegalArgumentException(log, e);
        }
    }

    /** A complete exchange: the request received at {@code at}, its response {@code latencyMs} later. */
    String complete(String realm, String sensor, long sequence, String method, String uri, int status, Instant at, long latencyMs) {
        ExchangeHalf request = half(realm, sensor, requestLog(sequence, method, uri), at);
        ExchangeHalf response = half(realm, sensor, responseLog(sequence, status), at.plusMillis(latencyMs));
        ExchangeIdentity id = ExchangeIdentity.openedBy(request);
        writes.add(ExchangeDocuments.open(id, request));
        writes.add(ExchangeDocuments.close(id, response, request.receivedAtNanos()));
        return id.id();
    }

    /** A request whose response has not come yet. */
    String pending(String realm, String sensor, long sequence, String method, String uri, Instant at) {
        ExchangeHalf request = half(realm, sensor, requestLog(sequence, method, uri), at);
        ExchangeIdentity id = ExchangeIdentity.openedBy(request);
        writes.add(ExchangeDocuments.open(id, request));
        return id.id();
    }

    /** A response whose request never came, given up on. */
    String orphanResponse(String realm, String sensor, long sequence, int status, Instant at) {
        ExchangeHalf response = half(realm, sensor, responseLog(sequence, status), at);
        ExchangeIdentity id = ExchangeIdentity.openedBy(response);
        writes.add(ExchangeDocuments.open(id, response));
        writes.add(ExchangeDocuments.orphan(id, at.plusSeconds(300)));
        return id.id();
    }

    /** Applies every write so far, in order, as the indexer's bulk writer does, then refreshes. */
    void flush() throws IOException {
        Set<String> created = new LinkedHashSet<>();
        for (IndexedDocument d : writes) {
            if (created.add(d.index())) {
                ElasticsearchConnection.JsonResponse r = es.send("PUT", "/" + d.index(), IndexTemplates.createIndexBody(DocumentKind.EXCHANGE, d.realm()));
                assertTrue(r.ok() || "resource_already_exists_exception".equals(r.errorType()), String.valueOf(r.body()));
            }
        }
        StringBuilder ndjson = new StringBuilder();
        for (IndexedDocument d : writes) {
            ndjson.append("{\"update\":{\"_index\":\"").append(d.index()).append("\",\"_id\":")
                    .append(Json.mapper().writeValueAsString(d.id())).append("}}\n");
            var action = Json.mapper().createObjectNode();
            action.set("doc", d.source());
            action.set("upsert", d.upsert());
            ndjson.append(Json.mapper().writeValueAsString(action)).append('\n');
        }
        writes.clear();
        JsonNode bulk = es.sendNdjson("/_bulk?refresh=true", ndjson.toString()).body();
        assertFalse(bulk.path("errors").asBoolean(), () -> bulk.toString().substring(0, Math.min(2000, bulk.toString().length())));
    }

    @Override
    public void close() throws IOException {
        es.close();
    }
}
