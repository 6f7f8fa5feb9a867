package io.harbour.indexer;

import io.harbour.elastic.ElasticsearchConnection;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexNames;
import io.harbour.layout.IndexTemplates;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the layout's index templates at start, idempotently: a template already there with the
 * same or a newer {@code version} is left alone (a newer one was put by a newer indexer, which must
 * not be rolled back by an old one still running), an older or missing one is put. A changed
 * mapping therefore goes out as a new template version, and takes effect at the next daily index;
 * existing indices keep the mapping they were created with.
 */
final class TemplateInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(TemplateInstaller.class);

    enum Action { CREATED, UPDATED, UNCHANGED, NEWER_PRESENT }

    record Installed(String name, long version, Action action) {
    }

    /** One composable index template; {@code version} grows whenever its body changes. */
    record IndexTemplate(String name, long version, ObjectNode body) {
    }

    /** The layout's templates, one per kind, with this deployment's shards and replicas. */
    static List<IndexTemplate> harbourTemplates(IndexerConfig.Indices indices) {
        List<IndexTemplate> templates = new ArrayList<>();
        IndexTemplates.Settings settings = new IndexTemplates.Settings(indices.shards(), indices.replicas());
        for (DocumentKind kind : DocumentKind.values()) {
            templates.add(new IndexTemplate(IndexNames.templateName(kind), IndexTemplates.VERSION, IndexTemplates.template(kind, settings)));
        }
        return templates;
    }

    /** Elasticsearch refused a template body: a defect in the layout, not something a retry fixes. */
    static final class TemplateRejectedException extends RuntimeException {
        TemplateRejectedException(String message) {
            super(message);
        }
    }

    private final ElasticsearchConnection es;

    TemplateInstaller(ElasticsearchConnection es) {
        this.es = es;
    }

    /** @throws IOException when Elasticsearch cannot be reached (the caller retries) */
    List<Installed> install(List<IndexTemplate> templates) throws IOException {
        List<Installed> done = new ArrayList<>();
        for (IndexTemplate t : templates) {
            done.add(installOne(t));
        }
        return done;
    }

    private Installed installOne(IndexTemplate t) throws IOException {
        ElasticsearchConnection.JsonResponse current = es.send("GET", "/_index_template/" + t.name(), null);
        Long present = null;
        if (current.ok()) {
            JsonNode v = current.body().path("index_templates").path(0).path("index_template").path("version");
            present = v.isNumber() ? v.asLong() : -1L;
        } else if (current.status() != 404) {
            throw new IOException("reading index template " + t.name() + ": HTTP " + current.status() + " " + current.body());
        }
        if (present != null && present == t.version()) {
            return new Installed(t.name(), t.version(), Action.UNCHANGED);
        }
        if (present != null && present > t.version()) {
            LOG.warn("index template {} is at version {}, newer than this indexer's {}: left as it is", t.name(), present, t.version());
            return new Installed(t.name(), present, Action.NEWER_PRESENT);
        }
        ObjectNode body = t.body().deepCopy();
        body.put("version", t.version());
        ElasticsearchConnection.JsonResponse put = es.send("PUT", "/_index_template/" + t.name(), body);
        if (!put.ok()) {
            if (put.status() >= 500 || put.status() == 429) {
                throw new IOException("putting index template " + t.name() + ": HTTP " + put.status() + " " + put.body());
            }
            throw new TemplateRejectedException("Elasticsearch refused index template " + t.name() + " version " + t.version()
                    + ": HTTP " + put.status() + " " + put.body());
        }
        Action action = present == null ? Action.CREATED : Action.UPDATED;
        LOG.info("index template {} {} (version {}{})", t.name(), action == Action.CREATED ? "created" : "updated", t.version(),
                present == null ? "" : ", was " + present);
        return new Installed(t.name(), t.version(), action);
    }
}
