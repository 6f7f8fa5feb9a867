package io.harbour.indexer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private static OffsetTracker tracker(long... offsets) {
        OffsetTracker t = new OffsetTracker();
        for (long o : offsets) {
            t.track(o, 1000 + o, 1, 10);
        }
        return t;
    }

    @Test
    void nothingIsCommittableBeforeTheFirstRecordFinishes() {
        OffsetTracker t = tracker(0, 1, 2);
        assertEquals(OptionalLong.empty(), t.committable());
        assertEquals(3, t.pending());
    }

    @Test
    void theCommitStopsAtTheFirstUnfinishedRecord() {
        OffsetTracker t = tracker(0, 1, 2, 3);
        t.documentStored(0);
        t.documentStored(2);
        t.documentStored(3);
        assertEquals(OptionalLong.of(1), t.committable(), "offset 1 is unfinished: commit 1, the next record to read");
        t.documentStored(1);
        assertEquals(OptionalLong.of(4), t.committable());
        assertEquals(0, t.pending());
    }

    @Test
    void aCommittedOffsetIsNotOfferedAgain() {
        OffsetTracker t = tracker(5, 6);
        t.documentStored(5);
        assertEquals(OptionalLong.of(6), t.committable());
        t.committed(6);
        assertEquals(OptionalLong.empty(), t.committable());
        t.documentStored(6);
        assertEquals(OptionalLong.of(7), t.committable());
    }

    @Test
    void aRecordWithSeveralDocumentsFinishesWithItsLast() {
        OffsetTracker t = new OffsetTracker();
        t.track(0, 1, 3, 10);
        t.documentStored(0);
        t.documentStored(0);
        assertTrue(t.isPending(0));
        t.documentStored(0);
        assertFalse(t.isPending(0));
        assertEquals(OptionalLong.of(1), t.committable());
    }

    @Test
    void aRecordWithoutDocumentsFinishesAtOnce() {
        OffsetTracker t = new OffsetTracker();
        t.track(7, 1, 0, 10);
        assertEquals(OptionalLong.of(8), t.committable());
    }

    @Test
    void aDeadLetterFinishesTheRecordOnlyOnceKafkaAcknowledgedIt() {
        OffsetTracker t = new OffsetTracker();
        t.track(0, 1, 2, 10);
        assertTrue(t.startDeadLetter(0));
        assertFalse(t.startDeadLetter(0), "a second bad document does not send a second dead letter");
        t.documentStored(0);
        t.documentStored(0);
        assertTrue(t.isPending(0), "stored siblings do not finish a record on its way to the dead-letter topic");
        t.deadLettered(0);
        assertEquals(OptionalLong.of(1), t.committable());
    }

    @Test
    void gapsInOffsetsAreFine() {
        OffsetTracker t = tracker(10, 13, 20);
        t.documentStored(10);
        t.documentStored(13);
        assertEquals(OptionalLong.of(14), t.committable());
        t.documentStored(20);
        assertEquals(OptionalLong.of(21), t.committable());
    }

    @Test
    void resultsForUnknownOrFinishedOffsetsAreIgnored() {
        OffsetTracker t = tracker(0);
        t.documentStored(0);
        t.documentStored(0);
        t.documentStored(99);
        t.deadLettered(99);
        assertEquals(OptionalLong.of(1), t.committable());
    }

    @Test
    void offsetsMustGrow() {
        OffsetTracker t = tracker(3);
        assertThrows(IllegalArgumentException.class, () -> t.track(3, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> t.track(2, 1, 1, 1));
    }

    @Test
    void pendingBytesFollowTheUnfinishedPrefix() {
        OffsetTracker t = tracker(0, 1, 2);
        assertEquals(30, t.pendingBytes());
        t.documentStored(1);
        assertEquals(30, t.pendingBytes(), "a finished record behind an unfinished one is still held");
        t.documentStored(0);
        assertEquals(10, t.pendingBytes());
    }

    @Test
    void theEarliestUnfinishedReceiveTimeIsKept() {
        OffsetTracker t = new OffsetTracker();
        t.track(0, 500, 1, 1);
        t.track(1, 300, 1, 1);
        t.track(2, 400, 1, 1);
        t.track(3, 900, 1, 1);
        t.documentStored(2);
        t.documentStored(1);
        assertEquals(500, t.earliestPendingNanos(), "receive times need not grow with offsets");
        t.documentStored(0);
        assertEquals(900, t.earliestPendingNanos());
        t.documentStored(3);
        assertEquals(Long.MAX_VALUE, t.earliestPendingNanos());
        assertEquals(900, t.lastReadReceivedAtNanos());
    }
}
