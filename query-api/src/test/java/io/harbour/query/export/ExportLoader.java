package io.harbour.query.export;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.elastic.ElasticsearchConnection;
import io.harbour.elastic.ElasticsearchSettings;
import io.harbour.layout.DocumentBuilder;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexNames;
import io.harbour.layout.IndexTemplates;
import io.harbour.layout.IndexedDocument;
import io.harbour.layout.RecordContext;
import io.harbour.layout.Times;
import io.harbour.layout.Watermarks;
import io.harbour.layout.exchange.ExchangeDocuments;
import io.harbour.layout.exchange.ExchangeHalf;
import io.harbour.layout.exchange.ExchangeIdentity;
import io.harbour.model.Json;
import io.harbour.model.LogKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes documents into a real node exactly as the indexer does: the layout's templates, daily
 * indices created with their realm alias, documents from the layout's {@link DocumentBuilder}
 * and {@link ExchangeDocuments} (create, and update with doc and upsert), and watermark documents
 * per partition in {@link Watermarks#INDEX}. Bulk writes do not refresh, as the indexer's do not:
 * export must make them visible itself. Documents are sent {@code bulkSize} at a time, as soon as
 * that many are pending, so a large load holds one bulk request in memory, not the whole load.
 */
final class ExportLoader implements AutoCloseable {
    static final String RECEIPT = "01HZRECEIPTEXPORT";
    private final ElasticsearchConnection es;
    private final DocumentBuilder builder = new DocumentBuilder();
    private final List<IndexedDocument> pending = new ArrayList<>();
    private final Set<String> created = new HashSet<>();
    private final int bulkSize;
    private long offset;

    ExportLoader(String elasticsearchUrl) throws IOException {
        this(elasticsearchUrl, 5000);
    }

    ExportLoader(String elasticsearchUrl, int bulkSize) throws IOException {
        this.bulkSize = bulkSize;
        es = new ElasticsearchConnection(ElasticsearchSettings.local(elasticsearchUrl), Json.mapper());
        for (DocumentKind kind : DocumentKind.values()) {
            JsonNode put = es.send("PUT", "/_index_template/" + IndexNames.templateName(kind),
                    IndexTemplates.template(kind, IndexTemplates.Settings.singleNode())).body();
            assertTrue(put.path("acknowledged").asBoolean(), put.toString());
        }
    }

    private RecordContext ctx(String topic, LogKind kind, String realm, Instant received, String receipt) {
        return new RecordContext(topic, 0, offset++, kind, realm, Times.nanos(received), "192.0.2.10", "key:it", receipt);
    }

    void entry(String realm, Instant received, String json) throws Exception {
        add(builder.build(ctx("harbour.logharbour", LogKind.LOGHARBOUR, realm, received, RECEIPT), json.getBytes(StandardCharsets.UTF_8)));
    }

    void observation(String realm, Instant received, String ipaddr, long timestamp) throws Exception {
        String upload = "{\"observations\":[{\"ipaddr\":\"" + ipaddr + "\",\"associated_ipaddr\":\"203.0.113.9\",\"timestamp\":"
                + timestamp + "}],\"source\":\"OpenVPN\"}";
        add(builder.build(ctx("harbour.observations", LogKind.OBSERVATIONS, realm, received, "rcpt-obs-" + offset),
                upload.getBytes(StandardCharsets.UTF_8)));
    }

    /** A complete exchange; returns its id. */
    String exchange(String realm, Instant requestReceived, Instant responseReceived, long sequence) throws Exception {
        ExchangeHalf request = ExchangeHalf.read(ctx("harbour.extrahop", LogKind.EXTRAHOP, realm, requestReceived, "rcpt-rq-" + sequence),
                ("{\"sequence\":" + sequence + ",\"request\":{\"Method\":\"GET\",\"RequestURI\":\"/api/v1/devices/" + sequence + "\"}}")
                        .getBytes(StandardCharsets.UTF_8));
        ExchangeHalf response = ExchangeHalf.read(ctx("harbour.extrahop", LogKind.EXTRAHOP, realm, responseReceived, "rcpt-rs-" + sequence),
                ("{\"sequence\":" + sequence + ",\"response_status_code\":200,\"response_body\":{\"n\":" + sequence + "}}")
                        .getBytes(StandardCharsets.UTF_8));
        ExchangeIdentity id = ExchangeIdentity.openedBy(request);
        add(List.of(ExchangeDocuments.open(id, request), ExchangeDocuments.close(id, response, request.receivedAtNanos())));
        return id.id();
    }

    private void add(List<IndexedDocument> documents) throws IOException {
        pending.addAll(documents);
        if (pending.size() >= bulkSize) {
            flush();
        }
    }

    void flush() throws IOException {
        for (IndexedDocument d : pending) {
            if (created.add(d.index())) {
                ElasticsearchConnection.JsonResponse r = es.send("PUT", "/" + d.index(), IndexTemplates.createIndexBody(d.kind(), d.realm()));
                assertTrue(r.ok() || "resource_already_exists_exception".equals(r.errorType()), String.valueOf(r.body()));
            }
        }
        for (int from = 0; from < pending.size(); from += bulkSize) {
            StringBuilder ndjson = new StringBuilder();
            for (IndexedDocument d : pending.subList(from, Math.min(pending.size(), from + bulkSize))) {
                String id = Json.mapper().writeValueAsString(d.id());
                if (d.mode() == IndexedDocument.WriteMode.CREATE) {
                    ndjson.append("{\"create\":{\"_index\":\"").append(d.index()).append("\",\"_id\":").append(id).append("}}\n")
                            .append(Json.mapper().writeValueAsString(d.source())).append('\n');
                } else {
                    ndjson.append("{\"update\":{\"_index\":\"").append(d.index()).append("\",\"_id\":").append(id).append("}}\n");
                    var body = Json.mapper().createObjectNode();
                    body.set("doc", d.source());
                    if (d.upsert() != null) {
                        body.set("upsert", d.upsert());
                    } else {
                        body.put("doc_as_upsert", true);
                    }
                    ndjson.append(Json.mapper().writeValueAsString(body)).append('\n');
                }
            }
            // Only the errors come back: a large bulk's per-item answer would be most of what crosses the wire.
            JsonNode bulk = es.sendNdjson("/_bulk?filter_path=errors,items.*.error", ndjson.toString()).body();
            assertFalse(bulk.path("errors").asBoolean(), () -> bulk.toString().substring(0, Math.min(2000, bulk.toString().length())));
        }
        pending.clear();
    }

    /** Every ingest partition's watermark at {@code at}, written as the indexer's publisher writes it. */
    void watermark(Instant at) throws IOException {
        ElasticsearchConnection.JsonResponse r = es.send("PUT", "/" + Watermarks.INDEX,
                Watermarks.createIndexBody(IndexTemplates.Settings.singleNode()));
        assertTrue(r.ok() || "resource_already_exists_exception".equals(r.errorType()), String.valueOf(r.body()));
        StringBuilder ndjson = new StringBuilder();
        for (String topic : List.of("harbour.logharbour", "harbour.extrahop", "harbour.observations")) {
            for (int partition = 0; partition < 2; partition++) {
                Watermarks.WatermarkDocument d = new Watermarks.WatermarkDocument(topic, partition, null, offset, at, Instant.now(), "it");
                ndjson.append("{\"index\":{\"_index\":\"").append(Watermarks.INDEX).append("\",\"_id\":\"").append(d.id()).append("\"}}\n")
                        .append(Json.mapper().writeValueAsString(d.source())).append('\n');
            }
        }
        JsonNode bulk = es.sendNdjson("/_bulk?refresh=true", ndjson.toString()).body();
        assertFalse(bulk.path("errors").asBoolean(), bulk::toString);
    }

    @Override
    public void close() throws IOException {
        es.close();
    }
}
