package io.harbour.indexer;

import io.harbour.elastic.ElasticsearchConnection;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexTemplates;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates each daily index on first use, with its realm alias from the layout's create-index
 * body. Writing alone would let Elasticsearch auto-create the index from the template, but a
 * template cannot give each realm its own alias, and an index without it is invisible to the
 * query API. Another indexer creating it first is fine ({@code resource_already_exists_exception}).
 * Thread-safe: retention forgets the indices it deletes from another thread.
 */
final class DailyIndices {

    /** Elasticsearch refused the index itself (an invalid name): its documents cannot be stored. */
    static final class IndexRefusedException extends Exception {
        IndexRefusedException(String message) {
            super(message);
        }
    }

    private final ElasticsearchConnection es;
    private final IndexerConfig.Indices settings;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    DailyIndices(ElasticsearchConnection es, IndexerConfig.Indices settings) {
        this.es = es;
        this.settings = settings;
    }

    /**
     * Makes sure the index exists.
     *
     * @throws IOException           Elasticsearch did not answer or answered with a transient error: retry later
     * @throws IndexRefusedException the index can never be created
     */
    void ensure(String index, DocumentKind kind, String realm) throws IOException, IndexRefusedException {
        if (known.contains(index)) {
            return;
        }
        ObjectNode body = IndexTemplates.createIndexBody(kind, realm).deepCopy();
        // The template carries shards and replicas too; said again here so a changed configuration
        // takes effect at the next daily index without a new template version.
        ObjectNode allSettings = body.withObject("/settings");
        allSettings.remove(java.util.List.of("number_of_shards", "number_of_replicas", "index.number_of_shards", "index.number_of_replicas"));
        ObjectNode indexSettings = allSettings.withObject("/index");
        indexSettings.put("number_of_shards", settings.shards());
        indexSettings.put("number_of_replicas", settings.replicas());
        ElasticsearchConnection.JsonResponse r = es.send("PUT", "/" + index, body);
        if (r.ok() || "resource_already_exists_exception".equals(r.errorType())) {
            known.add(index);
            return;
        }
        if (r.status() == 400 && "invalid_index_name_exception".equals(r.errorType())) {
            throw new IndexRefusedException("invalid index name " + index + ": " + r.body().path("error").path("reason").asText());
        }
        throw new IOException("creating index " + index + ": HTTP " + r.status() + " " + r.body());
    }

    /** Forget an index (deleted by retention, or reported missing by a bulk item) so the next write recreates it. */
    void forget(String index) {
        known.remove(index);
    }
}
