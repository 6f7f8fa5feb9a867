package io.harbour.indexer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harbour.indexer.WatermarkTracker.PartitionState;
import java.time.Duration;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class WatermarkTrackerTest {
    private static final long GRACE = Duration.ofSeconds(15).toNanos();
    private static final long S = 1_000_000_000L;
    private static final long NONE = Long.MAX_VALUE;
    private static final TopicPartition P0 = new TopicPartition("harbour.logharbour", 0);

    private final WatermarkTracker w = new WatermarkTracker(Duration.ofSeconds(15));

    private static PartitionState caughtUp(long at, long earliestPending, long hold) {
        return new PartitionState(true, at, at - 5 * S, earliestPending, hold);
    }

    private static PartitionState behind(long lastRead, long earliestPending) {
        return new PartitionState(false, 0, lastRead, earliestPending, NONE);
    }

    @Test
    void anIdleCaughtUpPartitionFollowsTheClockMinusGrace() {
        assertEquals(OptionalLong.of(100 * S - GRACE), w.compute(P0, caughtUp(100 * S, NONE, NONE)));
        assertEquals(OptionalLong.of(200 * S - GRACE), w.compute(P0, caughtUp(200 * S, NONE, NONE)),
                "nothing pending must not hold the watermark back for ever");
    }

    @Test
    void anUnfinishedRecordHoldsItJustBelowItsReceiveTime() {
        assertEquals(OptionalLong.of(300 * S - 1), w.compute(P0, caughtUp(500 * S, 300 * S, NONE)));
    }

    @Test
    void aPartitionWithABacklogVouchesOnlyUpToItsLastRecordReadLessGrace() {
        assertEquals(OptionalLong.of(200 * S - GRACE), w.compute(P0, behind(200 * S, NONE)));
        assertEquals(OptionalLong.of(200 * S - GRACE), w.compute(P0, behind(200 * S, 250 * S)));
    }

    @Test
    void aHoldFromTheCallerWins() {
        assertEquals(OptionalLong.of(120 * S - 1), w.compute(P0, caughtUp(500 * S, 300 * S, 120 * S)),
                "an exchange still pending since 120 s keeps its window open");
    }

    @Test
    void aPartitionNotYetReadHasNoWatermark() {
        assertEquals(OptionalLong.empty(), w.compute(P0, behind(Long.MIN_VALUE, NONE)));
    }

    @Test
    void theWatermarkNeverMovesBack() {
        assertEquals(OptionalLong.of(500 * S - GRACE), w.compute(P0, caughtUp(500 * S, NONE, NONE)));
        assertEquals(OptionalLong.of(500 * S - GRACE), w.compute(P0, caughtUp(500 * S, 100 * S, NONE)),
                "a later, lower estimate does not reopen a closed window");
    }

    @Test
    void aPreviousOwnersWatermarkIsAFloor() {
        w.floor(P0, 400 * S);
        assertEquals(OptionalLong.of(400 * S), w.compute(P0, behind(Long.MIN_VALUE, NONE)));
        w.forget(P0);
        assertEquals(OptionalLong.empty(), w.compute(P0, behind(Long.MIN_VALUE, NONE)));
    }
}
