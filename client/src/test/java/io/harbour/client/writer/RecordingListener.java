package io.harbour.client.writer;

import java.util.concurrent.ConcurrentLinkedQueue;

/** Records every refusal, drop and problem a shipper reports, for the tests to read. */
final class RecordingListener implements ShipperListener {
    /** A refusal or drop as the listener was told it: the entry and why. */
    record Report(String entryJson, String reason) {
        @Override
        public String toString() {
            return reason + " <- " + entryJson;
        }
    }

    final ConcurrentLinkedQueue<Report> refused = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Report> dropped = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();

    @Override
    public void refused(String entryJson, String reason) {
        refused.add(new Report(entryJson, reason));
    }

    @Override
    public void dropped(String entryJson, String reason) {
        dropped.add(new Report(entryJson, reason));
    }

    @Override
    public void deliveryProblem(String description) {
        problems.add(description);
    }
}
