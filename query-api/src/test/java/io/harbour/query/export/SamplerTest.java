package io.harbour.query.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("2Zx" + i + "KSUID");
        }
        return ids;
    }

    private static List<String> kept(Sampler s, List<String> ids) {
        return ids.stream().filter(s::keeps).toList();
    }

    @Test
    void theSameIdsAreKeptByEverySamplerOfTheSameRate() {
        List<String> ids = ids(10_000);
        assertEquals(kept(new Sampler(0.1), ids), kept(new Sampler(0.1), ids));
    }

    @Test
    void aboutTheRateIsKeptAndSmallerSamplesAreContainedInLarger() {
        List<String> ids = ids(10_000);
        List<String> tenth = kept(new Sampler(0.1), ids);
        List<String> fifth = kept(new Sampler(0.2), ids);
        assertTrue(tenth.size() > 850 && tenth.size() < 1150, "kept " + tenth.size());
        assertTrue(fifth.containsAll(tenth));
        assertEquals(ids, kept(new Sampler(1), ids));
    }

    @Test
    void thePositionIsFixedByTheIdAlone() {
        // Pinned: a change of hash would change every caller's sample, which must never happen silently.
        assertEquals(Sampler.position("abc"), Sampler.position(new String("abc".toCharArray())));
        double p = Sampler.position("2Zx0KSUID");
        assertTrue(p >= 0 && p < 1);
        // SHA-256 of the empty string begins e3b0c44298fc1c14.
        assertEquals((0xe3b0c44298fc1c14L >>> 11) * 0x1.0p-53, Sampler.position(""));
        assertEquals(true, new Sampler(0.9).keeps(""));
        assertEquals(false, new Sampler(0.88).keeps(""));
    }

    @Test
    void ratesOutsideTheIntervalAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Sampler(0));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(1.01));
    }
}
