package io.harbour.client.query;

import java.util.List;
import java.util.Optional;

/**
 * One answer of getlogs or getchanges: up to MAXREC entries, {@code nrec} the exact number of
 * entries the query matches (all pages), and the cursor of the next page, empty on the last.
 */
public record LogPage(List<RetrievedEntry> logs, long nrec, Optional<Cursor> next) {
    public LogPage {
        logs = List.copyOf(logs);
    }
}
