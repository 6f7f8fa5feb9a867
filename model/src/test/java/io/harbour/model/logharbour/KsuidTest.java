package io.harbour.model.logharbour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KsuidTest {

    /** From segmentio/ksuid's README: the inspected example, the nil and the largest id. */
    @Test
    void matchesSegmentioReferenceValues() {
        assertEquals("0ujtsYcgvSTl8PAuAdqWYSMnLOv",
                Ksuid.of(Ksuid.EPOCH_SECONDS + 107608047L, 0xB5A1CD34B5F99D11L, 0x54FB6853345C9735L));
        assertEquals("aWgEPTl1tmebfsQzFP4bxwgy80V", Ksuid.of(Ksuid.EPOCH_SECONDS + 0xFFFF_FFFFL, -1L, -1L));
        assertEquals("000000000000000000000000000", Ksuid.of(Ksuid.EPOCH_SECONDS, 0, 0));
        assertEquals(Instant.ofEpochSecond(Ksuid.EPOCH_SECONDS + 107608047L), Ksuid.time("0ujtsYcgvSTl8PAuAdqWYSMnLOv"));
    }

    @Test
    void timeReadsBackAndIdsSortBySecond() {
        Instant t = Instant.parse("2026-11-23T05:56:38Z");
        String a = Ksuid.next(t);
        String b = Ksuid.next(t.plusSeconds(1));
        assertTrue(a.matches("[0-9A-Za-z]{27}"), a);
        assertEquals(t, Ksuid.time(a));
        assertTrue(a.compareTo(b) < 0, a + " should sort before " + b);
        String earlier = Ksuid.of(1_767_225_600L, -1L, -1L);
        String later = Ksuid.of(1_767_225_601L, 0, 0);
        assertTrue(earlier.compareTo(later) < 0, earlier + " should sort before " + later);
    }

    @Test
    void secondsOutsideTheRangeClampToItsEnds() {
        assertEquals(Instant.ofEpochSecond(Ksuid.EPOCH_SECONDS), Ksuid.time(Ksuid.of(0, 5, 5)));
        assertEquals(Instant.ofEpochSecond(Ksuid.EPOCH_SECONDS + 0xFFFF_FFFFL), Ksuid.time(Ksuid.of(Long.MAX_VALUE, 5, 5)));
    }

    @Test
    void idsOfOneSecondAreDistinct() {
        Instant t = Instant.now();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            seen.add(Ksuid.next(t));
        }
        assertEquals(100_000, seen.size());
        assertNotEquals(Ksuid.next(), Ksuid.next());
    }

    @Test
    void refusesWhatIsNotAKsuid() {
        assertThrows(IllegalArgumentException.class, () -> Ksuid.time("short"));
        assertThrows(IllegalArgumentException.class, () -> Ksuid.time(null));
        assertThrows(IllegalArgumentException.class, () -> Ksuid.time("0ujtsYcgvSTl8PAuAdqWYSMnLO!"));
        assertThrows(IllegalArgumentException.class, () -> Ksuid.time("zzzzzzzzzzzzzzzzzzzzzzzzzzz"));
    }
}
