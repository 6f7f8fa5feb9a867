package io.harbour.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What came back from a load: how many answers of each status, how many failures of each kind
 * (exception class), how many entries the receiver confirmed as accepted, and each request's
 * latency. Thread-safe; latencies are kept up to a fixed count.
 */
final class Outcomes {
    private final Map<Integer, Long> statuses = new TreeMap<>();
    private final Map<String, Long> errors = new TreeMap<>();
    private final AtomicLong acceptedEntries = new AtomicLong();
    private final long[] latenciesNanos;
    private int latencyCount;

    Outcomes(int maxLatencies) {
        this.latenciesNanos = new long[maxLatencies];
    }

    synchronized void answered(int status, long latencyNanos, long entriesConfirmed) {
        statuses.merge(status, 1L, Long::sum);
        acceptedEntries.addAndGet(entriesConfirmed);
        if (latencyCount < latenciesNanos.length) {
            latenciesNanos[latencyCount++] = latencyNanos;
        }
    }

    synchronized void failed(Throwable error) {
        Throwable cause = error.getCause() != null && error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
        String message = cause.getMessage();
        String kind = cause.getClass().getSimpleName() + (message != null && message.length() <= 40 ? ": " + message : "");
        errors.merge(kind, 1L, Long::sum);
    }

    synchronized Map<Integer, Long> statuses() {
        return new TreeMap<>(statuses);
    }

    synchronized Map<String, Long> errors() {
        return new TreeMap<>(errors);
    }

    synchronized long count(int status) {
        return statuses.getOrDefault(status, 0L);
    }

    synchronized long answeredTotal() {
        return statuses.values().stream().mapToLong(Long::longValue).sum();
    }

    synchronized long failedTotal() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    long acceptedEntries() {
        return acceptedEntries.get();
    }

    /** The latency at quantile {@code q} (0.5, 0.99) in milliseconds, -1 without samples. */
    synchronized double latencyMillis(double q) {
        if (latencyCount == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(latenciesNanos, latencyCount);
        Arrays.sort(sorted);
        int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    @Override
    public synchronized String toString() {
        return "statuses " + statuses + (errors.isEmpty() ? "" : ", failures " + errors);
    }
}
