package io.harbour.query.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A response body produced a part at a time, for answers too large to hold: the server asks for
 * the next part only when the previous one has left for the network and the connection is
 * writable again, so a slow reader holds the producer back instead of filling memory. Parts are
 * produced on a worker thread (they may block on Elasticsearch), never on the event loop.
 */
public interface BodyStream extends AutoCloseable {

    /**
     * Writes the next part to {@code out}: a bounded amount (about a page), possibly nothing.
     *
     * @return false once the body is complete (after this call's part); true when more may come
     * @throws IOException when the source fails; the server then aborts the response (the
     *                     connection or HTTP/2 stream is reset), so a reader never mistakes a
     *                     truncated body for a whole one
     */
    boolean writeNext(OutputStream out) throws IOException;

    /** Releases what the stream holds (an Elasticsearch point in time); called once, however it ended. */
    @Override
    void close();
}
