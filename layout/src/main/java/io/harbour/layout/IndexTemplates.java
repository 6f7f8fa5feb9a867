package io.harbour.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.exchange.ExchangeMapping;
import io.harbour.layout.logharbour.LogHarbourMapping;
import io.harbour.layout.observation.ObservationMapping;
import java.util.OptionalInt;

/**
 * The composable index templates, one per kind, and the body that creates a daily index.
 *
 * <p><b>Installing.</b> {@code PUT _index_template/<name>} with {@link #template}, at start, when
 * {@link #shouldInstall} says so: the template is missing or carries an older {@link #VERSION}.
 * A newer one is left alone, so an old indexer in a rolling upgrade cannot take a mapping back.
 * A template only shapes indices created after it; an index of today keeps its mapping, so a
 * change that adds fields may also be sent to the existing indices with
 * {@code PUT harbour-<segment>-*}{@code /_mapping} and {@link #mappings}' properties (additions
 * only; Elasticsearch refuses to change a field's type).
 *
 * <p><b>dynamic: false</b>, not strict. Every field Harbour writes is mapped (a unit test walks
 * every built document against the mapping), and sender-controlled subtrees (extra, bodies,
 * headers, debug data) are opaque. So dynamic mapping only matters for a document carrying a
 * field its index does not know, which happens in production exactly when a new version adds a
 * field and today's index was made by the old template: {@code strict} would refuse those
 * documents until midnight (into the dead-letter topic), {@code false} keeps them, unsearchable
 * by the new field until the next index or a mapping update. And it never lets a field appear
 * that nobody declared.
 *
 * <p><b>Aliases.</b> A template's {@code aliases} are fixed names (only {@code {index}} may be
 * substituted), so the per-realm alias cannot come from it. The indexer creates each daily index
 * explicitly, before its first write, with {@code PUT <index>} and {@link #createIndexBody}; the
 * template supplies settings and mappings. {@code resource_already_exists_exception} is success
 * (another indexer was first). Never let a bulk write create an index implicitly: it would exist
 * without its alias, invisible to every query.
 */
public final class IndexTemplates {
    /** Bumped on every mapping or settings change; in the template's {@code version} and {@code _meta}. */
    public static final int VERSION = 1;
    /** Above the built-in templates (100), which match other names anyway. */
    public static final int PRIORITY = 200;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private IndexTemplates() {
    }

    /** Shards and replicas of every daily index. */
    public record Settings(int shards, int replicas) {
        public Settings {
            if (shards < 1 || replicas < 0) {
                throw new IllegalArgumentException("shards must be at least 1 and replicas at least 0: " + shards + ", " + replicas);
            }
        }

        /** One node: one shard, no replica (a replica could never be assigned). */
        public static Settings singleNode() {
            return new Settings(1, 0);
        }
    }

    /** The body of {@code PUT _index_template/}{@link IndexNames#templateName}. */
    public static ObjectNode template(DocumentKind kind, Settings settings) {
        ObjectNode body = NODES.objectNode();
        body.putArray("index_patterns").add(IndexNames.kindPattern(kind));
        body.put("priority", PRIORITY);
        body.put("version", VERSION);
        body.set("_meta", meta(kind));
        ObjectNode template = body.putObject("template");
        ObjectNode index = template.putObject("settings").putObject("index");
        index.put("number_of_shards", settings.shards());
        index.put("number_of_replicas", settings.replicas());
        template.set("mappings", mappings(kind));
        return body;
    }

    /** The {@code mappings} of a kind: dynamic false, the version in {@code _meta}, the properties. */
    public static ObjectNode mappings(DocumentKind kind) {
        ObjectNode mappings = NODES.objectNode();
        mappings.put("dynamic", false);
        mappings.set("_meta", meta(kind));
        mappings.set("properties", properties(kind));
        return mappings;
    }

    public static ObjectNode properties(DocumentKind kind) {
        return switch (kind) {
            case LOGHARBOUR -> LogHarbourMapping.properties();
            case EXCHANGE -> ExchangeMapping.properties();
            case OBSERVATION -> ObservationMapping.properties();
        };
    }

    /** The body of {@code PUT <daily index>}: just its realm alias; the template gives the rest. */
    public static ObjectNode createIndexBody(DocumentKind kind, String realm) {
        ObjectNode body = NODES.objectNode();
        body.putObject("aliases").putObject(IndexNames.alias(kind, realm));
        return body;
    }

    /**
     * The version of an installed template from the answer of {@code GET _index_template/<name>}
     * ({@code {"index_templates":[{"name":..,"index_template":{"version":..}}]}}); empty when
     * the answer holds no such template or it has no version.
     */
    public static OptionalInt installedVersion(JsonNode getTemplateAnswer, DocumentKind kind) {
        JsonNode templates = getTemplateAnswer == null ? null : getTemplateAnswer.get("index_templates");
        if (templates == null || !templates.isArray()) {
            return OptionalInt.empty();
        }
        for (JsonNode t : templates) {
            if (IndexNames.templateName(kind).equals(t.path("name").asText())) {
                JsonNode version = t.path("index_template").path("version");
                return version.canConvertToInt() ? OptionalInt.of(version.intValue()) : OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }

    /** Install when missing or older; never replace a newer one. */
    public static boolean shouldInstall(OptionalInt installedVersion) {
        return installedVersion.isEmpty() || installedVersion.getAsInt() < VERSION;
    }

    private static ObjectNode meta(DocumentKind kind) {
        ObjectNode meta = NODES.objectNode();
        meta.put("harbour_layout_version", VERSION);
        meta.put("kind", kind.segment());
        meta.put("managed_by", "harbour-indexer");
        return meta;
    }
}
