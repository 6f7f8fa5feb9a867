package io.harbour.layout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A document ready for the bulk API: its kind and realm and the time that picks its daily index,
 * a deterministic id (a replayed record makes the same id, so never a second document), the
 * source, and how to write it.
 *
 * @param mode {@link WriteMode#CREATE}: write once; a version conflict on replay means it is already
 *             there, which is success. {@link WriteMode#MERGE}: partial-document upsert (doc_as_upsert),
 *             for the halves of an ExtraHop exchange that arrive apart.
 */
public record IndexedDocument(DocumentKind kind, String realm, Instant indexTime, String id, ObjectNode source, WriteMode mode) {

    public enum WriteMode { CREATE, MERGE }
}
