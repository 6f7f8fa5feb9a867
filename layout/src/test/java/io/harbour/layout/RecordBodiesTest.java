package io.harbour.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import io.harbour.model.Json;
import io.harbour.model.logharbour.LogEntry;
import io.harbour.model.logharbour.LogEntryFormat;
import org.junit.jupiter.api.Test;

class RecordBodiesTest {

    @Test
    void aDuplicateNameAtAnyDepthIsRefusedInTheStrictReadersWords() {
        for (String body : new String[] {
                "{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\",\"app\":\"b\"}",
                "{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\",\"data\":{\"debug_data\":{\"data\":{\"x\":1,\"x\":2}}}}",
                "{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\",\"custom\":[{\"k\":null,\"k\":null}]}"}) {
            MalformedRecordException e = assertThrows(MalformedRecordException.class,
                    () -> RecordBodies.read(LogEntryFormat.INSTANCE, Records.bytes(body)));
            assertEquals("malformed JSON in the body of a " + LogEntryFormat.INSTANCE.name() + ": " + strictMessage(body), e.getMessage());
            assertTrue(e.getMessage().contains("Duplicate field"), e.getMessage());
        }
    }

    @Test
    void whatTheStrictReaderAcceptsReadsTheSame() throws Exception {
        for (byte[] body : Records.testData()) {
            LogEntry read = RecordBodies.read(LogEntryFormat.INSTANCE, body);
            assertEquals(LogEntryFormat.INSTANCE.read(Json.mapper().readTree(body), 1).value(), read);
        }
    }

    @Test
    void twoValuesOrNoneAreRefusedAsBefore() {
        assertEquals("more than one JSON value in the body of a " + LogEntryFormat.INSTANCE.name(),
                assertThrows(MalformedRecordException.class, () -> RecordBodies.read(LogEntryFormat.INSTANCE,
                        Records.bytes("{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\"} {}"))).getMessage());
        assertEquals("empty body: not a " + LogEntryFormat.INSTANCE.name(),
                assertThrows(MalformedRecordException.class, () -> RecordBodies.read(LogEntryFormat.INSTANCE, Records.bytes("  "))).getMessage());
    }

    private static String strictMessage(String body) {
        try (JsonParser p = Json.mapper().createParser(body)) {
            Json.mapper().readTree(p);
            throw new AssertionError("the strict reader took " + body);
        } catch (java.io.IOException e) {
            return e.getMessage();
        }
    }
}
