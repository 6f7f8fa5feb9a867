package io.harbour.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KsuidTest {

    /** segmentio/ksuid's own limits: the nil KSUID and the maximum one. */
    @Test
    void theExtremesEncodeAsSegmentioWrites() {
        assertEquals("000000000000000000000000000", Ksuid.of(Ksuid.EPOCH_SECONDS, 0, 0));
        assertEquals("aWgEPTl1tmebfsQzFP4bxwgy80V", Ksuid.of(Ksuid.EPOCH_SECONDS + 0xFFFF_FFFFL, -1L, -1L));
    }

    @Test
    void theTimeReadsBackAndOrdersTheText() {
        String earlier = Ksuid.of(1_767_225_600L, -1L, -1L);
        String later = Ksuid.of(1_767_225_601L, 0, 0);
        assertEquals(1_767_225_600L, Ksuid.epochSecond(earlier));
        assertEquals(1_767_225_601L, Ksuid.epochSecond(later));
        assertTrue(earlier.compareTo(later) < 0, earlier + " should sort before " + later);
    }

    @Test
    void timesBeforeTheEpochClampToIt() {
        assertEquals(Ksuid.EPOCH_SECONDS, Ksuid.epochSecond(Ksuid.of(0, 5, 5)));
    }
}
