package io.harbour.query.it;

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
import io.harbour.model.Json;
import io.harbour.model.LogKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Loads LogHarbour entries into a real node exactly as the indexer would: the layout's templates
 * installed, each daily index created with its realm alias, documents built by the layout's
 * {@link DocumentBuilder} from the entry's bytes, written by {@code _bulk} with refresh.
 */
final class LogHarbourLoader implements AutoCloseable {
    private final ElasticsearchConnection es;
    private final DocumentBuilder builder = new DocumentBuilder();
    private long offset;

    LogHarbourLoader(String elasticsearchUrl) throws IOException {
        es = new ElasticsearchConnection(ElasticsearchSettings.local(elasticsearchUrl), Json.mapper());
        JsonNode put = es.send("PUT", "/_index_template/" + IndexNames.templateName(DocumentKind.LOGHARBOUR),
                IndexTemplates.template(DocumentKind.LOGHARBOUR, IndexTemplates.Settings.singleNode())).body();
        assertTrue(put.path("acknowledged").asBoolean(), put.toString());
    }

    /** Entries given as JSON texts, received now. */
    void load(String realm, List<String> entries) throws IOException {
        List<byte[]> bodies = new ArrayList<>();
        for (String e : entries) {
            bodies.add(e.getBytes(StandardCharsets.UTF_8));
        }
        loadBytes(realm, bodies);
    }

    void loadBytes(String realm, List<byte[]> bodies) throws IOException {
        List<IndexedDocument> docs = new ArrayList<>();
        for (byte[] body : bodies) {
            RecordContext ctx = new RecordContext("harbour.logharbour", 0, offset++, LogKind.LOGHARBOUR, realm,
                    Times.nanos(Instant.now()), "192.0.2.10", "key:it", "01HZRECEIPTIT");
            try {
                docs.addAll(builder.build(ctx, body));
            } catch (io.harbour.layout.MalformedRecordException e) {
                throw new IllegalArgumentException(new String(body, StandardCharsets.UTF_8), e);
            }
        }
        Set<String> indices = new LinkedHashSet<>();
        docs.forEach(d -> indices.add(d.index()));
        for (String index : indices) {
            ElasticsearchConnection.JsonResponse r = es.send("PUT", "/" + index, IndexTemplates.createIndexBody(DocumentKind.LOGHARBOUR, realm));
            assertTrue(r.ok() || "resource_already_exists_exception".equals(r.errorType()), String.valueOf(r.body()));
        }
        // In slices: one _bulk of 10,000 documents is fine, but keep each request well below the node's limits.
        for (int from = 0; from < docs.size(); from += 5000) {
            StringBuilder ndjson = new StringBuilder();
            for (IndexedDocument d : docs.subList(from, Math.min(docs.size(), from + 5000))) {
                ndjson.append("{\"create\":{\"_index\":\"").append(d.index()).append("\",\"_id\":")
                        .append(Json.mapper().writeValueAsString(d.id())).append("}}\n")
                        .append(Json.mapper().writeValueAsString(d.source())).append('\n');
            }
            JsonNode bulk = es.sendNdjson("/_bulk?refresh=true", ndjson.toString()).body();
            assertFalse(bulk.path("errors").asBoolean(), () -> bulk.toString().substring(0, Math.min(2000, bulk.toString().length())));
        }
    }

    /** The 202 entries of the LogHarbour project's test data, each as its exact bytes. */
    static List<byte[]> testData() {
        return TestData.items().stream().map(io.harbour.model.BatchItem::raw).toList();
    }

    static byte[] resource(String name) {
        try (InputStream in = LogHarbourLoader.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        es.close();
    }
}
