package io.harbour.client.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KsuidTest {
    @Test
    void matchesSegmentioReferenceValues() {
        // From segmentio/ksuid's README: the inspected example, and the largest id.
        byte[] payload = HexFormat.of().parseHex("B5A1CD34B5F99D1154FB6853345C9735");
        assertEquals("0ujtsYcgvSTl8PAuAdqWYSMnLOv", Ksuid.of(107608047L, payload));
        byte[] ones = new byte[16];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        assertEquals("aWgEPTl1tmebfsQzFP4bxwgy80V", Ksuid.of(0xFFFF_FFFFL, ones));
        assertEquals("000000000000000000000000000", Ksuid.of(0, new byte[16]));
    }

    @Test
    void timeReadsBackAndIdsSortBySecond() {
        Instant t = Instant.parse("2026-11-23T05:56:38Z");
        String a = Ksuid.next(t);
        String b = Ksuid.next(t.plusSeconds(1));
        assertEquals(27, a.length());
        assertTrue(a.matches("[0-9A-Za-z]{27}"), a);
        assertEquals(t, Ksuid.time(a));
        assertTrue(a.compareTo(b) < 0, a + " should sort before " + b);
        assertEquals(Instant.ofEpochSecond(Ksuid.EPOCH_SECONDS + 107608047L), Ksuid.time("0ujtsYcgvSTl8PAuAdqWYSMnLOv"));
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
        assertThrows(IllegalArgumentException.class, () -> Ksuid.time("0ujtsYcgvSTl8PAuAdqWYSMnLO!"));
        assertThrows(IllegalArgumentException.class, () -> Ksuid.time("zzzzzzzzzzzzzzzzzzzzzzzzzzz"));
        assertThrows(IllegalArgumentException.class, () -> Ksuid.of(-1, new byte[16]));
    }
}
