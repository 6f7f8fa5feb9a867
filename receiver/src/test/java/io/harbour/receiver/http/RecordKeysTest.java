package io.harbour.receiver.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.model.extrahop.ExtraHopLog;
import io.harbour.model.extrahop.ExtraHopLogFormat;
import io.harbour.model.logharbour.LogEntryFormat;
import io.harbour.model.BatchReader;
import io.harbour.model.logharbour.LogEntryKeyParts;
import io.harbour.model.observation.Observation;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordKeysTest {

    @Test
    void anExtraHopRequestAndItsResponseHaveOneKeyPerSensor() {
        ExtraHopLog request = ExtraHopLogFormat.INSTANCE.parse(IngestHandlerTest.resource("extrahop-request.json"));
        ExtraHopLog response = ExtraHopLogFormat.INSTANCE.parse(IngestHandlerTest.resource("extrahop-response.json"));
        assertEquals("acme|key:k1|302", text(RecordKeys.extraHop("acme", "key:k1", request)));
        assertEquals(text(RecordKeys.extraHop("acme", "key:k1", request)), text(RecordKeys.extraHop("acme", "key:k1", response)));
        assertNotEquals(text(RecordKeys.extraHop("acme", "key:k1", request)), text(RecordKeys.extraHop("acme", "key:k2", request)));
    }

    @Test
    void aLogHarbourEntryIsKeyedByItsObjectInstanceWithAbsentPartsEmpty() {
        assertEquals("acme|Shop|Order|456", text(RecordKeys.logHarbour("acme",
                LogEntryFormat.INSTANCE.parse("{\"app\":\"Shop\",\"when\":\"2026-01-01T00:00:00Z\",\"class\":\"Order\",\"instance\":\"456\"}"))));
        assertEquals("acme|Shop||", text(RecordKeys.logHarbour("acme", LogEntryFormat.INSTANCE.parse("{\"app\":\"Shop\",\"when\":\"2026-01-01T00:00:00Z\"}"))));
    }

    /**
     * The receiver's path: parts copied from the line's bytes by the key scanner, after a realm
     * prefix made once. Its keys are the bytes of the format's reading, non-ASCII and escapes too.
     */
    @Test
    void scannedEntriesGetTheKeyOfTheirReading() {
        String when = "\"when\":\"2026-01-01T00:00:00Z\"";
        List<String> lines = List.of(
                "{\"app\":\"Shop\"," + when + ",\"class\":\"Order\",\"instance\":\"456\"}",
                "{\"app\":\"Shop\"," + when + "}",
                "{\"app\":\"Shop\"," + when + ",\"class\":\"\",\"instance\":\"\"}",
                "{\"app\":\"\u00e9t\u00e9\"," + when + ",\"class\":\"\u00c9\",\"instance\":\"\u20ac\ud83d\ude00\"}",
                "{\"app\":\"S\\u0068op\"," + when + ",\"class\":\"a|b\",\"instance\":\"\\\"7\\\"\"}",
                "{\"instance\":\"9\",\"class\":\"C\",\"app\":\"Shop\"," + when + "}");
        byte[] prefix = RecordKeys.realmPrefix("acme");
        for (String line : lines) {
            LogEntryKeyParts scanned = BatchReader.standard().read(line.getBytes(StandardCharsets.UTF_8), LogEntryFormat.keyScanner())
                    .items().get(0).value();
            assertEquals(text(RecordKeys.logHarbour("acme", LogEntryFormat.INSTANCE.parse(line))),
                    text(RecordKeys.logHarbour(prefix, scanned)), line);
        }
        assertEquals("acme|\u00e9t\u00e9|\u00c9|\u20ac\ud83d\ude00", text(RecordKeys.logHarbour(prefix,
                LogEntryKeyParts.of("\u00e9t\u00e9", "\u00c9", "\u20ac\ud83d\ude00"))));
        assertEquals("acme|Shop|\"7\"|", text(RecordKeys.logHarbour(prefix, LogEntryKeyParts.of("Shop", "\"7\"", null))));
    }

    @Test
    void anObservationIsKeyedByItsAddress() {
        assertEquals("acme|10.8.0.6", text(RecordKeys.observation("acme", new Observation("10.8.0.6", "198.51.100.7", 1))));
    }

    @Test
    void receiptIdsAreUlidShapedAndSortByTime() {
        Set<String> seen = new HashSet<>();
        String earlier = ReceiptIds.next(1_000_000L);
        String later = ReceiptIds.next(1_000_001L);
        assertTrue(earlier.compareTo(later) < 0);
        for (int i = 0; i < 10_000; i++) {
            String id = ReceiptIds.next(1_795_413_398_123L);
            assertTrue(id.matches("[0-9A-HJKMNP-TV-Z]{26}"), id);
            seen.add(id);
        }
        assertEquals(10_000, seen.size());
    }

    private static String text(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }
}
