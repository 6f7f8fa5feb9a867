package io.harbour.indexer.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.IndexedDocument;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Elasticsearch's update semantics for the exchange writes, in memory: a partial document merges
 * into the source (objects recursively, anything else replaced, as XContentHelper.update does),
 * or, when none exists, the upsert is created.
 */
final class FakeIndex {
    private final Map<String, ObjectNode> docs = new LinkedHashMap<>();

    void apply(IndexedDocument d) {
        if (d.mode() != IndexedDocument.WriteMode.MERGE) {
            throw new AssertionError("exchange writes are merges");
        }
        String key = d.index() + "/" + d.id();
        ObjectNode existing = docs.get(key);
        if (existing == null) {
            docs.put(key, (d.upsert() == null ? d.source() : d.upsert()).deepCopy());
        } else {
            merge(existing, d.source());
        }
    }

    void applyAll(Collection<IndexedDocument> writes) {
        writes.forEach(this::apply);
    }

    ObjectNode byId(String id) {
        ObjectNode found = null;
        for (Map.Entry<String, ObjectNode> e : docs.entrySet()) {
            if (e.getKey().endsWith("/" + id)) {
                if (found != null) {
                    throw new AssertionError("two documents with id " + id);
                }
                found = e.getValue();
            }
        }
        return found;
    }

    int size() {
        return docs.size();
    }

    Collection<ObjectNode> sources() {
        return docs.values();
    }

    /** Sorted by index and id, for comparing whole stores. */
    Map<String, ObjectNode> snapshot() {
        return new TreeMap<>(docs);
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
