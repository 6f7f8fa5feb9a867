package io.harbour.layout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A document ready for the bulk API: its kind and realm and the time that picks its daily index,
 * a deterministic id (a replayed record makes the same id, so never a second document), the
 * source, and how to write it.
 *
 * <p>The source is held either as a tree ({@link #source()}) or, for documents the indexer writes
 * in bulk, already serialized ({@link #serialized(DocumentKind, String, Instant, String, byte[])}):
 * writing JSON straight to bytes costs about half of building a tree and serializing it, for the
 * same bytes. {@link #json()} is those bytes, or null for a tree; {@link #source()} of a serialized
 * document parses them (for readers and tests; numbers come back as the parser types them).
 *
 * <p>Fields as the record this class was: {@code mode} {@link WriteMode#CREATE} is a
 * {@code create} action with {@code source}; a version conflict on replay means it is already
 * there, which is success. {@link WriteMode#MERGE} is an {@code update} action with
 * {@code doc = source}, and {@code upsert = upsert} when that is not null, else
 * {@code doc_as_upsert: true}. The ExtraHop join needs the two apart: the half that opens an
 * exchange must set {@code state: pending} only when it creates the document, never over a
 * {@code complete} written by its partner in an earlier bulk (bulk retries reorder operations;
 * there are no scripts to compare states). {@code upsert}, for {@link WriteMode#MERGE} only, is
 * the document to create when none exists yet; null means "create it from {@code source}"
 * (doc_as_upsert).
 */
public final class IndexedDocument {
    private static final ObjectMapper PARSER = new ObjectMapper();

    public enum WriteMode { CREATE, MERGE }

    private final DocumentKind kind;
    private final String realm;
    private final Instant indexTime;
    private final String id;
    private ObjectNode source;
    private final byte[] json;
    private final WriteMode mode;
    private final ObjectNode upsert;

    public IndexedDocument(DocumentKind kind, String realm, Instant indexTime, String id, ObjectNode source,
                           WriteMode mode, ObjectNode upsert) {
        this(kind, realm, indexTime, id, Objects.requireNonNull(source, "source"), null, mode, upsert);
    }

    /** A CREATE, or a MERGE with doc_as_upsert. */
    public IndexedDocument(DocumentKind kind, String realm, Instant indexTime, String id, ObjectNode source, WriteMode mode) {
        this(kind, realm, indexTime, id, source, mode, null);
    }

    private IndexedDocument(DocumentKind kind, String realm, Instant indexTime, String id, ObjectNode source, byte[] json,
                            WriteMode mode, ObjectNode upsert) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.realm = Objects.requireNonNull(realm, "realm");
        this.indexTime = Objects.requireNonNull(indexTime, "indexTime");
        this.id = Objects.requireNonNull(id, "id");
        this.mode = Objects.requireNonNull(mode, "mode");
        if (upsert != null && mode != WriteMode.MERGE) {
            throw new IllegalArgumentException("an upsert document only goes with MERGE");
        }
        this.source = source;
        this.json = json;
        this.upsert = upsert;
    }

    /** A CREATE whose source is already serialized: {@code json} is one JSON object, UTF-8. */
    public static IndexedDocument serialized(DocumentKind kind, String realm, Instant indexTime, String id, byte[] json) {
        return new IndexedDocument(kind, realm, indexTime, id, null, Objects.requireNonNull(json, "json"), WriteMode.CREATE, null);
    }

    public DocumentKind kind() {
        return kind;
    }

    public String realm() {
        return realm;
    }

    public Instant indexTime() {
        return indexTime;
    }

    public String id() {
        return id;
    }

    /** The source as a tree; for a serialized document, its bytes parsed (once). */
    public ObjectNode source() {
        if (source == null) {
            try {
                source = (ObjectNode) PARSER.readTree(json);
            } catch (IOException e) {
                throw new UncheckedIOException("a serialized document is one JSON object", e);
            }
        }
        return source;
    }

    /** The source already serialized, or null when this document holds a tree. */
    public byte[] json() {
        return json;
    }

    public WriteMode mode() {
        return mode;
    }

    public ObjectNode upsert() {
        return upsert;
    }

    /** The daily index the document goes to: {@link IndexNames#writeIndex}. */
    public String index() {
        return IndexNames.writeIndex(kind, realm, indexTime);
    }

    /** For MERGE: true when {@code source} is also the document to create ({@code doc_as_upsert}). */
    public boolean docAsUpsert() {
        return mode == WriteMode.MERGE && upsert == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexedDocument d && kind == d.kind && realm.equals(d.realm) && indexTime.equals(d.indexTime)
                && id.equals(d.id) && mode == d.mode && Objects.equals(upsert, d.upsert)
                && (json != null && d.json != null ? Arrays.equals(json, d.json) : source().equals(d.source()));
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, realm, indexTime, id, mode);
    }

    @Override
    public String toString() {
        return "IndexedDocument[kind=" + kind + ", realm=" + realm + ", indexTime=" + indexTime + ", id=" + id + ", source="
                + (json != null ? new String(json, java.nio.charset.StandardCharsets.UTF_8) : source) + ", mode=" + mode
                + ", upsert=" + upsert + "]";
    }
}
