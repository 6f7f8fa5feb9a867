package io.harbour.receiver.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.model.extrahop.ExtraHopLog;
import io.harbour.model.extrahop.ExtraHopLogFormat;
import io.harbour.model.logharbour.LogEntryFormat;
import io.harbour.model.observation.Observation;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordKeysTest {

    @Test
    void anExtraHopRequestAndItsResponseHaveOneKeyPerSensor() {
        ExtraHopLog request = ExtraHopLogFormat.INSTANCE.parse(IngestHandlerTest.resource("extrahop-request.json"));
        ExtraHopLog response = ExtraHopLogFormat.INSTANCE.parse(IngestHandlerTest.resource("extrahop-response.json"));
        assertEquals("acme|key:k1|302", RecordKeys.extraHop("acme", "key:k1", request));
        assertEquals(RecordKeys.extraHop("acme", "key:k1", request), RecordKeys.extraHop("acme", "key:k1", response));
        assertNotEquals(RecordKeys.extraHop("acme", "key:k1", request), RecordKeys.extraHop("acme", "key:k2", request));
    }

    @Test
    void aLogHarbourEntryIsKeyedByItsObjectInstanceWithAbsentPartsEmpty() {
        assertEquals("acme|Shop|Order|456", RecordKeys.logHarbour("acme",
                LogEntryFormat.INSTANCE.parse("{\"app\":\"Shop\",\"when\":\"2026-01-01T00:00:00Z\",\"class\":\"Order\",\"instance\":\"456\"}")));
        assertEquals("acme|Shop||", RecordKeys.logHarbour("acme", LogEntryFormat.INSTANCE.parse("{\"app\":\"Shop\",\"when\":\"2026-01-01T00:00:00Z\"}")));
    }

    @Test
    void anObservationIsKeyedByItsAddress() {
        assertEquals("acme|10.8.0.6", RecordKeys.observation("acme", new Observation("10.8.0.6", "198.51.100.7", 1)));
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
}
