package io.harbour.model.observation;

import io.harbour.model.Documents;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

import static io.harbour.model.Documents.assertRoundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObservationBatchFormatTest {
    private static final ObservationBatchFormat FORMAT = ObservationBatchFormat.INSTANCE;

    /** What the seed's script posts: {@code json.dumps({'observations': [...], 'source': SOURCE})}. */
    private static final String SCRIPT_BODY = "{\"observations\": ["
            + "{\"associated_ipaddr\": \"203.0.113.9\", \"ipaddr\": \"10.8.0.6\", \"timestamp\": 1704103810}, "
            + "{\"associated_ipaddr\": \"2001:db8::1\", \"ipaddr\": \"10.8.0.7\", \"timestamp\": 0}], "
            + "\"source\": \"OpenVPN\"}";

    @Test
    void theExampleUsesTheNamesOfTheSeedScript() {
        String seed = Documents.text("observations-seed-001.txt");
        for (String name : List.of("'associated_ipaddr'", "'ipaddr'", "'timestamp'", "'observations'", "'source'")) {
            assertTrue(seed.contains(name), name);
        }
        assertTrue(seed.contains("int(time.mktime("), "timestamps are whole epoch seconds");
    }

    @Test
    void theScriptBodyReadsAndWritesBackUnchanged() {
        ObservationBatch batch = assertRoundTrip(FORMAT, SCRIPT_BODY);
        assertEquals("OpenVPN", batch.source());
        assertEquals(List.of(
                new Observation("10.8.0.6", "203.0.113.9", 1704103810),
                new Observation("10.8.0.7", "2001:db8::1", 0)), batch.observations());
        assertEquals(Instant.parse("2024-01-01T10:10:10Z"), batch.observations().get(0).observedAt());
    }

    @Test
    void unknownFieldsAreKept() {
        ObservationBatch batch = assertRoundTrip(FORMAT, "{\"observations\":[{\"ipaddr\":\"::1\","
                + "\"associated_ipaddr\":\"1.2.3.4\",\"timestamp\":5,\"user\":\"jim\"}],\"source\":\"csv\",\"batch\":3}");
        assertEquals("jim", batch.observations().get(0).extra().get("user").textValue());
        assertEquals(3, batch.extra().get("batch").intValue());
    }
}
