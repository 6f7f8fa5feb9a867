package io.harbour.query.it;

import io.harbour.model.BatchItem;
import io.harbour.model.BatchReader;
import io.harbour.model.logharbour.LogEntry;
import io.harbour.model.logharbour.LogEntryFormat;
import java.util.List;

/** ../shared/data/logharbour-testdata.json (copied to the test resources): 202 entries of the LogHarbour project's own test data. */
final class TestData {
    private TestData() {
    }

    static List<BatchItem<LogEntry>> items() {
        return BatchReader.standard().read(LogHarbourLoader.resource("logharbour-testdata.json"), LogEntryFormat.INSTANCE).items();
    }

    static List<LogEntry> entries() {
        return items().stream().map(BatchItem::value).toList();
    }
}
