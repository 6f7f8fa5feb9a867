package io.harbour.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.client.query.RetrievedEntry;
import io.harbour.model.Json;
import io.harbour.model.logharbour.LogEntry;
import io.harbour.model.logharbour.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The tail's bookkeeping: where each poll starts and which entries are new. */
class TailFollowerTest {
    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

    private static RetrievedEntry entry(String docId, Instant when) {
        LogEntry e = LogEntry.builder().id(docId).app("shop").when(Timestamp.of(when)).build();
        return new RetrievedEntry(docId, e, Json.mapper().createObjectNode());
    }

    @Test
    void pollsStartAtTheStartThenTheLookBackBehindTheNewest() {
        TailCommand.Follower f = new TailCommand.Follower(START, Duration.ofSeconds(10));
        assertEquals(START, f.from());
        assertTrue(f.isNew(entry("a", START.plusSeconds(3))));
        assertEquals(START, f.from(), "never before the start");
        assertTrue(f.isNew(entry("b", START.plusSeconds(30))));
        assertEquals(START.plusSeconds(20), f.from());
        assertTrue(f.isNew(entry("late", START.plusSeconds(25))), "an older entry seen late is still new");
        assertEquals(START.plusSeconds(20), f.from(), "the newest decides, not the last");
    }

    @Test
    void anEntrySeenAgainIsNotNewUntilNoPollCanReturnIt() {
        TailCommand.Follower f = new TailCommand.Follower(START, Duration.ZERO);
        Instant t = START.plusSeconds(1);
        assertTrue(f.isNew(entry("a", t)));
        assertTrue(f.isNew(entry("b", t)));
        f.forgetOld();
        assertEquals(t, f.from(), "with no look-back the next poll starts at the tie");
        assertFalse(f.isNew(entry("a", t)), "the tie boundary is deduped by id");
        assertFalse(f.isNew(entry("b", t)));
        assertTrue(f.isNew(entry("c", t)));
        assertTrue(f.isNew(entry("d", t.plusSeconds(1))));
        f.forgetOld();
        assertEquals(1, f.remembered(), "only ids at or after the next fromts are kept");
    }
}
