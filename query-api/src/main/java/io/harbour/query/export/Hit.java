package io.harbour.query.export;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One document as a page brings it: its kind, its place in the order and its source.
 *
 * @param sortValues the hit's sort values as Elasticsearch gave them (received nanos, doc_id,
 *                   shard_doc): the next page's search_after
 */
record Hit(ExportKind kind, long receivedNanos, String docId, JsonNode sortValues, JsonNode source) {

    /** The export order: received time, then doc_id as Elasticsearch sorts keywords (UTF-8 bytes, i.e. code points), then kind. */
    static int compare(Hit a, Hit b) {
        int c = Long.compare(a.receivedNanos, b.receivedNanos);
        if (c != 0) {
            return c;
        }
        c = compareCodePoints(a.docId, b.docId);
        return c != 0 ? c : a.kind.compareTo(b.kind);
    }

    /**
     * Code point order, which is UTF-8 byte order and so Elasticsearch's keyword order; String's own
     * compareTo compares UTF-16 units and disagrees for characters beyond U+FFFF.
     */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
