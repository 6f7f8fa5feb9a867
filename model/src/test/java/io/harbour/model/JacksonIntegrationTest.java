package io.harbour.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.harbour.model.extrahop.ExtraHopLog;
import io.harbour.model.extrahop.ExtraHopResponseLog;
import io.harbour.model.logharbour.EntryType;
import io.harbour.model.logharbour.LogEntry;
import io.harbour.model.logharbour.LogEntryFormat;
import io.harbour.model.logharbour.Priority;
import io.harbour.model.logharbour.Timestamp;
import io.harbour.model.observation.ObservationBatch;
import io.harbour.model.observation.ObservationBatchFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static io.harbour.model.Documents.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Any ObjectMapper, not only ours, reads and writes the model types the way their formats do. */
class JacksonIntegrationTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();

    @Test
    void aPlainMapperWritesEntriesInsideAnAnswerAsOnTheWire() throws Exception {
        LogEntry entry = LogEntryFormat.INSTANCE.parse(Documents.referenceExamples().get(2));
        String answer = PLAIN.writeValueAsString(Map.of("status", "success", "data", Map.of("logs", List.of(entry))));
        assertEquals(tree(Documents.referenceExamples().get(2)), PLAIN.readTree(answer).get("data").get("logs").get(0));
    }

    @Test
    void aPlainMapperReadsEntriesInsideAnAnswer() throws Exception {
        String answer = "{\"logs\":[" + String.join(",", Documents.referenceExamples()) + "]}";
        Map<String, List<LogEntry>> read = PLAIN.readValue(answer, new TypeReference<Map<String, List<LogEntry>>>() { });
        assertEquals(5, read.get("logs").size());
        assertEquals(Priority.DEBUG1, read.get("logs").get(3).pri());
    }

    @Test
    void readingAnInvalidValueFailsWithEveryProblem() {
        MismatchedInputException e = assertThrows(MismatchedInputException.class,
                () -> PLAIN.readValue("{\"pri\":\"Urgent\",\"when\":\"2024-01-15T10:00:00Z\"}", LogEntry.class));
        assertTrue(e.getOriginalMessage().equals(
                "invalid LogHarbour entry: line 1: app: required; line 1: pri: unknown priority \"Urgent\""), e.getOriginalMessage());
    }

    @Test
    void extraHopLogsAndObservationsGoThroughTheirFormats() throws Exception {
        ExtraHopLog log = PLAIN.readValue(Documents.extraHopExamples().get(1), ExtraHopLog.class);
        assertInstanceOf(ExtraHopResponseLog.class, log);
        assertEquals(tree(Documents.extraHopExamples().get(1)), PLAIN.readTree(PLAIN.writeValueAsString(log)));
        String body = "{\"observations\":[{\"ipaddr\":\"10.0.0.1\",\"associated_ipaddr\":\"1.2.3.4\",\"timestamp\":1}],\"source\":\"s\"}";
        ObservationBatch batch = PLAIN.readValue(body, ObservationBatch.class);
        assertEquals(ObservationBatchFormat.INSTANCE.toJson(batch), PLAIN.writeValueAsString(batch));
    }

    @Test
    void enumsAndTimestampsUseTheirWireForms() throws Exception {
        assertEquals("\"Sec\"", PLAIN.writeValueAsString(Priority.SEC));
        assertEquals(Priority.SEC, PLAIN.readValue("\"sec\"", Priority.class));
        assertEquals("\"C\"", PLAIN.writeValueAsString(EntryType.CHANGE));
        assertEquals(EntryType.DEBUG, PLAIN.readValue("\"D\"", EntryType.class));
        assertEquals("\"2026-11-23T05:56:38.42782971Z\"", PLAIN.writeValueAsString(Timestamp.of("2026-11-23T05:56:38.42782971Z")));
        assertEquals(Timestamp.of("2024-01-15T10:00:00Z"), PLAIN.readValue("\"2024-01-15T10:00:00Z\"", Timestamp.class));
    }

    @Test
    void logKindsNameTheirFormats() {
        assertEquals(LogEntryFormat.INSTANCE, LogKind.parse("logharbour").orElseThrow().format());
        assertEquals("observations", LogKind.OBSERVATIONS.wireName());
        assertTrue(LogKind.parse("LogHarbour").isEmpty());
    }
}
