package io.harbour.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harbour.model.logharbour.Timestamp;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FormattingTest {

    /** The generator's hand-written RFC 3339 must be the model's (Go's RFC3339Nano) text exactly. */
    @Test
    void timestampsAreWrittenAsTheModelWritesThem() {
        SplittableRandom random = new SplittableRandom(1);
        long[] edges = {0, 1, 999_999_999, 1_000_000_000, 1_767_225_600_000_000_000L, 1_767_225_600_100_000_000L,
                1_767_225_600_000_000_010L, -1, Long.MAX_VALUE};
        for (long nanos : edges) {
            assertSame(nanos);
        }
        for (int i = 0; i < 10_000; i++) {
            assertSame(random.nextLong(0, 4_102_444_800_000_000_000L));
        }
    }

    private static void assertSame(long nanos) {
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        assertEquals(Timestamp.of(instant).text(), TrafficGenerator.rfc3339Nano(nanos), String.valueOf(nanos));
    }

    @Test
    void ipv6IsWrittenInItsShortestForm() {
        assertEquals("2a00:1450:4001:81c::200e", TrafficGenerator.formatIpv6(new int[] {0x2a00, 0x1450, 0x4001, 0x81c, 0, 0, 0, 0x200e}));
        assertEquals("2001:db8:0:1:1:1:1:1", TrafficGenerator.formatIpv6(new int[] {0x2001, 0xdb8, 0, 1, 1, 1, 1, 1}));
        assertEquals("2001:0:0:1::1", TrafficGenerator.formatIpv6(new int[] {0x2001, 0, 0, 1, 0, 0, 0, 1}));
        assertEquals("2001:db8::1:0:0:1", TrafficGenerator.formatIpv6(new int[] {0x2001, 0xdb8, 0, 0, 1, 0, 0, 1}));
    }
}
