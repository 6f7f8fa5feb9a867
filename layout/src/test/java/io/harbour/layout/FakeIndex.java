package io.harbour.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Elasticsearch's write semantics for one index, in memory: {@code create} refuses an existing
 * id (a version conflict), {@code update} merges a partial document into the source (objects
 * recursively, anything else replaced, as Elasticsearch's XContentHelper.update does) or, when
 * there is none, creates it from the upsert (or the partial document with doc_as_upsert).
 */
public final class FakeIndex {
    private final Map<String, ObjectNode> docs = new LinkedHashMap<>();

    /** Applies a write; false for a create whose id exists (a conflict, which a replay counts as success). */
    public boolean apply(IndexedDocument d) {
        String key = d.index() + "/" + d.id();
        ObjectNode existing = docs.get(key);
        if (d.mode() == IndexedDocument.WriteMode.CREATE) {
            if (existing != null) {
                return false;
            }
            docs.put(key, d.source().deepCopy());
            return true;
        }
        if (existing == null) {
            docs.put(key, (d.upsert() == null ? d.source() : d.upsert()).deepCopy());
        } else {
            merge(existing, d.source());
        }
        return true;
    }

    public ObjectNode get(IndexedDocument d) {
        return docs.get(d.index() + "/" + d.id());
    }

    public Map<String, ObjectNode> all() {
        return docs;
    }

    private static void merge(ObjectNode target, ObjectNode changes) {
        for (Map.Entry<String, JsonNode> change : changes.properties()) {
            JsonNode old = target.get(change.getKey());
            if (old != null && old.isObject() && change.getValue().isObject()) {
                merge((ObjectNode) old, (ObjectNode) change.getValue());
            } else {
                target.set(change.getKey(), change.getValue().deepCopy());
            }
        }
    }
}
