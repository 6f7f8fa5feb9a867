package io.harbour.model.logharbour;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.harbour.model.Batch;
import io.harbour.model.BatchItem;
import io.harbour.model.BatchReader;
import io.harbour.model.Documents;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.harbour.model.Documents.assertRoundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogEntryFormatTest {
    private static final LogEntryFormat FORMAT = LogEntryFormat.INSTANCE;

    static Stream<String> referenceExamples() {
        return Documents.referenceExamples().stream();
    }

    @Test
    void theReferenceDocumentHasFiveExamples() {
        assertEquals(5, Documents.referenceExamples().size());
    }

    @ParameterizedTest
    @MethodSource("referenceExamples")
    void everyReferenceExampleReadsAndWritesBackUnchanged(String json) {
        assertRoundTrip(FORMAT, json);
    }

    @Test
    void referenceExamplesReadIntoTheirShapes() {
        List<LogEntry> entries = Documents.referenceExamples().stream().map(FORMAT::parse).toList();
        LogEntry activity = entries.get(0);
        assertEquals("OnlineStore", activity.app());
        assertEquals(EntryType.ACTIVITY, activity.type());
        assertEquals(Priority.INFO, activity.pri());
        assertEquals(Instant.parse("2026-11-23T05:56:38.427582317Z"), activity.when().instant());
        assertEquals("Order", activity.className());
        assertEquals("203.0.113.45", activity.remoteIp());
        assertEquals(new ActivityData("{\"items\":3,\"orderId\":456}"), activity.data());
        assertEquals("2kF3pQ0traceXYZ", activity.traceId());
        assertNull(activity.status());
        assertFalse(activity.failed());

        LogEntry failure = entries.get(1);
        assertEquals(1, failure.status());
        assertTrue(failure.failed());
        assertEquals("db timeout", failure.error());
        assertNull(failure.data());

        ChangeData change = assertInstanceOf(ChangeData.class, entries.get(2).data());
        assertEquals("Order", change.entity());
        assertEquals(3, change.changes().size());
        assertEquals(new Change("qty", "2", "3"), change.changes().get(1));
        assertEquals("null", change.changes().get(2).oldText());

        DebugData debug = assertInstanceOf(DebugData.class, entries.get(3).data());
        assertEquals(6321L, debug.pid());
        assertEquals(31L, debug.line());
        assertEquals("main.main", debug.func());
        assertEquals("1:goroutine; +0x85:\t/src/logharbour/utils.go:62", debug.stackTrace());
        assertEquals(TextNode.valueOf("{\"coupon\":\"SAVE10\",\"discount\":12.5}"), debug.data());
        assertEquals(Instant.parse("2026-11-23T05:56:38.427829710Z"), entries.get(3).when().instant());
        assertEquals("2026-11-23T05:56:38.42782971Z", entries.get(3).when().text());

        assertEquals("", entries.get(4).module());
        assertNull(entries.get(4).who());
    }

    @Test
    void all202EntriesOfTheLibraryTestDataReadWithoutProblems() {
        Batch<LogEntry> batch = BatchReader.standard().read(Documents.bytes("logharbour-testdata.json"), FORMAT);
        assertEquals(Batch.Shape.ARRAY, batch.shape());
        assertEquals(List.of(), batch.problems());
        assertEquals(202, batch.values().size());
        for (BatchItem<LogEntry> item : batch.items()) {
            assertRoundTrip(FORMAT, item.text());
        }
        long changes = batch.values().stream().filter(e -> e.data() instanceof ChangeData).count();
        long debugs = batch.values().stream().filter(e -> e.data() instanceof DebugData).count();
        assertEquals(75, changes);
        assertEquals(70, debugs);
    }

    @Test
    void absentStatusMeansSuccessAndIsNotInventedWhenWritten() {
        LogEntry entry = FORMAT.parse("{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\"}");
        assertNull(entry.status());
        assertFalse(entry.failed());
        assertEquals("{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\"}", FORMAT.toJson(entry));
    }

    @Test
    void explicitZeroStatusIsWrittenBack() {
        String json = "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"status\":0}";
        assertEquals(0, FORMAT.parse(json).status());
        assertEquals(json, FORMAT.toJson(FORMAT.parse(json)));
    }

    @Test
    void absentPriorityMeansInfoAndIsNotInvented() {
        LogEntry entry = FORMAT.parse("{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\"}");
        assertNull(entry.pri());
        assertEquals(Priority.INFO, entry.priority());
    }

    @Test
    void priorityIsReadInAnyCaseAndWrittenCapitalised() {
        LogEntry entry = FORMAT.parse("{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"pri\":\"dEBUG0\"}");
        assertEquals(Priority.DEBUG0, entry.pri());
        assertEquals("{\"app\":\"a\",\"pri\":\"Debug0\",\"when\":\"2024-01-15T10:00:00Z\"}", FORMAT.toJson(entry));
    }

    @Test
    void unknownFieldsAreKeptAtTopLevelAndInsideDataShapes() {
        String json = "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"realm\":\"r1\",\"tags\":[1,{\"x\":null}],"
                + "\"data\":{\"change_data\":{\"entity\":\"E\",\"op\":\"U\",\"version\":7,"
                + "\"changes\":[{\"field\":\"f\",\"old_value\":\"1\",\"new_value\":\"2\",\"kind\":\"int\"}]}}}";
        LogEntry entry = assertRoundTrip(FORMAT, json);
        assertEquals(TextNode.valueOf("r1"), entry.extra().get("realm"));
        ChangeData change = (ChangeData) entry.data();
        assertEquals(IntNode.valueOf(7), change.extra().get("version"));
        assertEquals(TextNode.valueOf("int"), change.changes().get(0).extra().get("kind"));
        assertRoundTrip(FORMAT, "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\","
                + "\"data\":{\"debug_data\":{\"pid\":1,\"goroutine\":12,\"data\":{\"nested\":[1.50,2e3]}}}}");
    }

    @Test
    void nullValuesOfOptionalFieldsAreKeptAsNull() {
        LogEntry entry = assertRoundTrip(FORMAT,
                "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"who\":null,\"status\":null,\"data\":null}");
        assertNull(entry.who());
        assertNull(entry.status());
        assertNull(entry.data());
    }

    @Test
    void olderProducersDataStringIsAccepted() {
        LogEntry entry = assertRoundTrip(FORMAT, "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"data\":\"{}\"}");
        assertEquals(new TextData("{}"), entry.data());
    }

    @Test
    void emptyDataObjectIsAcceptedAsTheLibraryWritesIt() {
        LogEntry entry = assertRoundTrip(FORMAT, "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"data\":{}}");
        assertEquals(new EmptyData(), entry.data());
    }

    @Test
    void nullChangesAreKeptNull() {
        LogEntry entry = assertRoundTrip(FORMAT, "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\","
                + "\"data\":{\"change_data\":{\"entity\":\"E\",\"op\":\"Create\",\"changes\":null}}}");
        assertNull(((ChangeData) entry.data()).changes());
    }

    @Test
    void olderLibraryValuesOfAnyJsonTypeAreKept() {
        LogEntry entry = assertRoundTrip(FORMAT, "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\","
                + "\"data\":{\"change_data\":{\"entity\":\"E\",\"op\":\"U\",\"changes\":"
                + "[{\"field\":\"qty\",\"old_value\":2,\"new_value\":null},{\"field\":\"tags\",\"old_value\":[\"a\"]}]}}}");
        List<Change> changes = ((ChangeData) entry.data()).changes();
        assertEquals("2", changes.get(0).oldText());
        assertEquals(NullNode.getInstance(), changes.get(0).newValue());
        assertEquals("null", changes.get(0).newText());
        assertEquals("[\"a\"]", changes.get(1).oldText());
        assertNull(changes.get(1).newValue());
    }

    @Test
    void goEscapesOfAngleBracketsAndAmpersandAreRead() {
        LogEntry entry = FORMAT.parse("{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\","
                + "\"msg\":\"\\u003cb\\u003e \\u0026 \\u003e\",\"data\":{\"activity_data\":\"\\u003cscript\\u003e\"}}");
        assertEquals("<b> & >", entry.msg());
        assertEquals(new ActivityData("<script>"), entry.data());
    }

    @Test
    void localIsAcceptedAsRemoteIp() {
        assertEquals(LogEntry.LOCAL, FORMAT.parse(
                "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"remote_ip\":\"LOCAL\"}").remoteIp());
    }

    @Test
    void aBuiltEntryWritesInTheLibraryFieldOrder() {
        LogEntry entry = LogEntry.builder()
                .id("2kF3pQ9zz1ZcV9bN4mL8tHs6Wq").app("MyApp").system("vm").module("").type(EntryType.ACTIVITY)
                .pri(Priority.INFO).when(Timestamp.of(Instant.parse("2026-11-23T05:58:18.499887632Z")))
                .msg("service started").build();
        assertEquals(Documents.referenceExamples().get(4), FORMAT.toJson(entry));
    }

    @Test
    void toBuilderKeepsEverythingIncludingUnknownFields() {
        LogEntry entry = FORMAT.parse("{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"x\":1}");
        LogEntry changed = entry.toBuilder().who("jim").build();
        assertEquals("{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"who\":\"jim\",\"x\":1}", FORMAT.toJson(changed));
    }

    @Test
    void aSetFieldWinsOverAKeptNullOfTheSameName() {
        LogEntry entry = FORMAT.parse("{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"who\":null}");
        assertEquals("{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"who\":\"jim\"}",
                FORMAT.toJson(entry.toBuilder().who("jim").build()));
    }
}
