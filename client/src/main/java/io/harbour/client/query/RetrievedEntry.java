package io.harbour.client.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.model.logharbour.ChangeData;
import io.harbour.model.logharbour.DebugData;
import io.harbour.model.logharbour.LogEntry;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of a getlogs or getchanges answer: the LogHarbour entry as the model reads it, the
 * document id the server gave it (the cursor's second half, and what {@code harbour tail} dedupes
 * on), and the entry's JSON exactly as answered (for printing it on unchanged).
 */
public record RetrievedEntry(String docId, LogEntry entry, ObjectNode json) {

    /** Seed 003's JSONtoDataChg: the data of a data-change entry, empty for any other. */
    public Optional<ChangeData> changeData() {
        return EntryData.changes(entry);
    }

    /** Seed 003's JSONtoDebug: the data of a debug entry, empty for any other. */
    public Optional<DebugData> debugData() {
        return EntryData.debug(entry);
    }

    /** An activity's data as seed 003's map of strings, empty when it holds no JSON object. */
    public Optional<Map<String, String>> activityData() {
        return EntryData.activity(entry);
    }
}
