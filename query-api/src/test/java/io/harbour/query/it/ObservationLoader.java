package io.harbour.query.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.elastic.ElasticsearchConnection;
import io.harbour.elastic.ElasticsearchSettings;
import io.harbour.layout.DocumentBuilder;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexNames;
import io.harbour.layout.IndexTemplates;
import io.harbour.layout.IndexedDocument;
import io.harbour.layout.RecordContext;
import io.harbour.layout.Times;
import io.harbour.model.Json;
import io.harbour.model.LogKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Loads observation uploads (seed 001's shape) into a real node as the indexer would: the
 * layout's observation template, the daily index with its realm alias, documents from the
 * layout's {@link DocumentBuilder}, {@code _bulk} with refresh.
 */
final class ObservationLoader implements AutoCloseable {
    private final ElasticsearchConnection es;
    private final DocumentBuilder builder = new DocumentBuilder();
    private long offset;

    ObservationLoader(String elasticsearchUrl) throws IOException {
        es = new ElasticsearchConnection(ElasticsearchSettings.local(elasticsearchUrl), Json.mapper());
        JsonNode put = es.send("PUT", "/_index_template/" + IndexNames.templateName(DocumentKind.OBSERVATION),
                IndexTemplates.template(DocumentKind.OBSERVATION, IndexTemplates.Settings.singleNode())).body();
        assertTrue(put.path("acknowledged").asBoolean(), put.toString());
    }

    /** One upload of one observation: ipaddr associated with associatedIpaddr at that time. */
    void observe(String realm, String source, String ipaddr, String associatedIpaddr, Instant at) throws IOException {
        ObjectNode upload = Json.mapper().createObjectNode();
        upload.put("source", source);
        upload.putArray("observations").addObject().put("ipaddr", ipaddr).put("associated_ipaddr", associatedIpaddr)
                .put("timestamp", at.getEpochSecond());
        RecordContext ctx = new RecordContext("harbour.observations", 0, offset++, LogKind.OBSERVATIONS, realm,
                Times.nanos(Instant.now()), "192.0.2.10", "key:it", "01HZRECEIPTOBS");
        List<IndexedDocument> docs;
        try {
            docs = builder.build(ctx, upload.toString().getBytes(StandardCharsets.UTF_8));
        } catch (io.harbour.layout.MalformedRecordException e) {
            throw new IllegalArgumentException(upload.toString(), e);
        }
        Set<String> indices = new LinkedHashSet<>();
        docs.forEach(d -> indices.add(d.index()));
        for (String index : indices) {
            ElasticsearchConnection.JsonResponse r = es.send("PUT", "/" + index, IndexTemplates.createIndexBody(DocumentKind.OBSERVATION, realm));
            assertTrue(r.ok() || "resource_already_exists_exception".equals(r.errorType()), String.valueOf(r.body()));
        }
        StringBuilder ndjson = new StringBuilder();
        for (IndexedDocument d : docs) {
            ndjson.append("{\"create\":{\"_index\":\"").append(d.index()).append("\",\"_id\":")
                    .append(Json.mapper().writeValueAsString(d.id())).append("}}\n")
                    .append(Json.mapper().writeValueAsString(d.source())).append('\n');
        }
        JsonNode bulk = es.sendNdjson("/_bulk?refresh=true", ndjson.toString()).body();
        assertFalse(bulk.path("errors").asBoolean(), bulk::toString);
    }

    @Override
    public void close() throws IOException {
        es.close();
    }
}
