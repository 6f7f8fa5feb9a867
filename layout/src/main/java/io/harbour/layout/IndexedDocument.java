package io.harbour.layout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A document ready for the bulk API: its kind and realm and the time that picks its daily index,
 * a deterministic id (a replayed record makes the same id, so never a second document), the
 * source, and how to write it.
 *
 * @param mode   {@link WriteMode#CREATE}: {@code create} action with {@code source}; a version
 *               conflict on replay means it is already there, which is success.
 *               {@link WriteMode#MERGE}: {@code update} action with {@code doc = source}, and
 *               {@code upsert = upsert} when that is not null, else {@code doc_as_upsert: true}.
 *               The ExtraHop join needs the two apart: the half that opens an exchange must set
 *               {@code state: pending} only when it creates the document, never over a
 *               {@code complete} written by its partner in an earlier bulk (bulk retries reorder
 *               operations; there are no scripts to compare states).
 * @param upsert for {@link WriteMode#MERGE} only: the document to create when none exists yet;
 *               null means "create it from {@code source}" (doc_as_upsert).
 */
public record IndexedDocument(DocumentKind kind, String realm, Instant indexTime, String id, ObjectNode source,
                              WriteMode mode, ObjectNode upsert) {

    public enum WriteMode { CREATE, MERGE }

    public IndexedDocument {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(indexTime, "indexTime");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mode, "mode");
        if (upsert != null && mode != WriteMode.MERGE) {
            throw new IllegalArgumentException("an upsert document only goes with MERGE");
        }
    }

    /** A CREATE, or a MERGE with doc_as_upsert. */
    public IndexedDocument(DocumentKind kind, String realm, Instant indexTime, String id, ObjectNode source, WriteMode mode) {
        this(kind, realm, indexTime, id, source, mode, null);
    }

    /** The daily index the document goes to: {@link IndexNames#writeIndex}. */
    public String index() {
        return IndexNames.writeIndex(kind, realm, indexTime);
    }

    /** For MERGE: true when {@code source} is also the document to create ({@code doc_as_upsert}). */
    public boolean docAsUpsert() {
        return mode == WriteMode.MERGE && upsert == null;
    }
}
