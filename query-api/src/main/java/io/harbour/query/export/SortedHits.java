package io.harbour.query.export;

import java.io.IOException;

/** One kind's hits in export order, a page at a time: {@link KindStream} over Elasticsearch. */
interface SortedHits {
    ExportKind kind();

    /** The next hit without taking it; null at the end. May fetch a page. */
    Hit peek() throws IOException;

    Hit poll() throws IOException;

    /** Hits held in memory now. */
    int held();

    /** Releases the point in time, if any. */
    void close();
}
