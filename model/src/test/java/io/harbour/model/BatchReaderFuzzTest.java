package io.harbour.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.harbour.model.extrahop.ExtraHopLogFormat;
import io.harbour.model.logharbour.LogEntryFormat;
import io.harbour.model.observation.ObservationBatchFormat;
import java.util.List;

/**
 * Fuzzes {@link BatchReader} with each wire format. The property: whatever the bytes, reading
 * never throws; a body is either items or problems, each problem names a line of the body
 * (1..lines) and a reason, an item without a value has a problem, and LogHarbour's fast scanner
 * path agrees with the tree path on every item's line and problems.
 *
 * <p>Without {@code JAZZER_FUZZ=1} each method replays its seeds under
 * {@code src/test/resources/io/harbour/model/BatchReaderFuzzTestInputs/<method>/}; with it, the
 * method fuzzes for its {@code maxDuration} and writes any crash there as a regression input.
 */
class BatchReaderFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void logHarbourEntries(byte[] body) {
        Batch<?> tree = check(body, BatchReader.standard().read(body, LogEntryFormat.INSTANCE));
        Batch<?> scanned = check(body, BatchReader.standard().read(body, LogEntryFormat.keyScanner()));
        assertEquals(tree.shape(), scanned.shape(), "shape");
        assertEquals(tree.problems(), scanned.problems(), "problems");
        assertEquals(tree.items().size(), scanned.items().size(), "items");
        for (int i = 0; i < tree.items().size(); i++) {
            assertEquals(tree.items().get(i).line(), scanned.items().get(i).line(), "line of item " + i);
            assertEquals(tree.items().get(i).value() == null, scanned.items().get(i).value() == null, "validity of item " + i);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void extraHopLogs(byte[] body) {
        check(body, BatchReader.standard().read(body, ExtraHopLogFormat.INSTANCE));
    }

    @FuzzTest(maxDuration = "10s")
    void observations(byte[] body) {
        check(body, BatchReader.standard().read(body, ObservationBatchFormat.INSTANCE));
    }

    /** A shallow reader, so the fuzzer reaches the depth refusal with short inputs. */
    @FuzzTest(maxDuration = "10s")
    void shallowReader(byte[] body) {
        check(body, new BatchReader(3).read(body, LogEntryFormat.INSTANCE));
    }

    private static Batch<?> check(byte[] body, Batch<?> batch) {
        assertNotNull(batch);
        int lines = 1;
        for (byte b : body) {
            if (b == '\n') {
                lines++;
            }
        }
        // An empty array is a valid empty batch (BatchReaderTest); any other shape has items or problems.
        assertFalse(batch.shape() != Batch.Shape.ARRAY && batch.items().isEmpty() && batch.problems().isEmpty(),
                "neither items nor problems");
        for (Problem p : batch.problems()) {
            assertTrue(p.line() >= 1 && p.line() <= lines, "problem outside the body's " + lines + " lines: " + p);
            assertFalse(p.reason().isBlank(), "problem without a reason: " + p);
        }
        for (BatchItem<?> item : batch.items()) {
            assertTrue(item.line() >= 1 && item.line() <= lines, "item outside the body's " + lines + " lines: " + item.line());
            if (item.value() == null) {
                assertFalse(item.problems().isEmpty(), "an item without a value has no problem, line " + item.line());
            }
            List<Problem> own = item.problems();
            assertTrue(batch.problems().containsAll(own), "an item's problems are the batch's");
        }
        return batch;
    }
}
