package io.harbour.client.query;

import java.util.Objects;

/**
 * Where the next page of getlogs or getchanges starts: seed 003's searchAfterTS and
 * searchAfterDocID, taken from the previous answer's {@code next}. Kept as the server's text so
 * the time's nanoseconds come back exactly as they were sent (entries sharing a time page apart
 * only on the full precision).
 */
public record Cursor(String searchAfterTS, String searchAfterDocID) {
    public Cursor {
        Objects.requireNonNull(searchAfterTS, "searchAfterTS");
        Objects.requireNonNull(searchAfterDocID, "searchAfterDocID");
    }
}
