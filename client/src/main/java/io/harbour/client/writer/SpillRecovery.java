package io.harbour.client.writer;

/**
 * What a shipper found in its spill directory at start, left by an earlier run.
 *
 * @param entries            undelivered entries, which are sent before anything new
 * @param segments           spill segment files
 * @param tornBytesDiscarded bytes of a last line cut short by a crash and removed (0 after a clean close)
 * @param tornLineKept       a last line had lost only its newline and was kept
 */
public record SpillRecovery(long entries, int segments, long tornBytesDiscarded, boolean tornLineKept) {
}
