package io.harbour.query.logharbour;

import io.harbour.layout.Times;
import io.harbour.query.http.ApiException;
import io.harbour.query.http.RequestParameters;
import io.harbour.model.logharbour.Timestamp;
import java.util.Optional;

/**
 * Where the next page starts: the {@code when} and document id of the last entry of the previous
 * page (the two sort keys), as searchAfterTS and searchAfterDocID. Both or neither, and a time
 * that parses, else 400 {@code pagination_error}: half a cursor cannot tell entries that share a
 * time apart.
 *
 * @param when  RFC 3339 in UTC, nanoseconds kept (what the sort's format writes and reads)
 * @param docId the tie-breaker
 */
public record Cursor(String when, String docId) {
    /** Longer than any id Elasticsearch accepts (512 bytes). */
    private static final int MAX_DOC_ID = 512;

    public static Optional<Cursor> parse(RequestParameters p) {
        Optional<String> ts = p.get(Param.SEARCH_AFTER_TS);
        Optional<String> id = p.get(Param.SEARCH_AFTER_DOC_ID);
        if (ts.isEmpty() && id.isEmpty()) {
            return Optional.empty();
        }
        if (ts.isEmpty() || id.isEmpty()) {
            String missing = ts.isEmpty() ? Param.SEARCH_AFTER_TS : Param.SEARCH_AFTER_DOC_ID;
            throw ApiException.badRequest("pagination_error", missing,
                    "searchAfterTS and searchAfterDocID go together: send both (from the previous answer's next) or neither");
        }
        Timestamp when = Timestamp.parse(ts.get().strip()).orElseThrow(() -> ApiException.badRequest("pagination_error",
                Param.SEARCH_AFTER_TS, "searchAfterTS must be an RFC 3339 time, as the previous answer's next gave it"));
        if (id.get().length() > MAX_DOC_ID) {
            throw ApiException.badRequest("pagination_error", Param.SEARCH_AFTER_DOC_ID, "searchAfterDocID is longer than any document id");
        }
        return Optional.of(new Cursor(Times.format(when.instant()), id.get()));
    }
}
