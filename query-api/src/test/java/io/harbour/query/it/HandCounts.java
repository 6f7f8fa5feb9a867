package io.harbour.query.it;

import io.harbour.model.logharbour.LogEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Counts done in Java over the entries a test loaded, written from seed 003's words rather than
 * from the query API's code, to hold its aggregations against.
 */
final class HandCounts {
    private HandCounts() {
    }

    /** Entries per value of {@code attribute} among the visible entries; entries without the attribute are not counted. */
    static Map<String, Long> of(Collection<LogEntry> entries, Predicate<LogEntry> visible, Function<LogEntry, String> attribute) {
        Map<String, Long> counts = new TreeMap<>();
        for (LogEntry e : entries) {
            String value = attribute.apply(e);
            if (visible.test(e) && value != null) {
                counts.merge(value, 1L, Long::sum);
            }
        }
        return counts;
    }

    /** Seed 003: threshold = total x percent / 100, at least 1. */
    static double threshold(Map<String, Long> addressCounts, double percent) {
        long total = addressCounts.values().stream().mapToLong(Long::longValue).sum();
        return Math.max(1.0, total * percent / 100.0);
    }

    /** The addresses counted at or below the threshold, LOCAL never, sorted as text. */
    static List<String> unusual(Map<String, Long> addressCounts, double percent) {
        double threshold = threshold(addressCounts, percent);
        List<String> out = new ArrayList<>();
        addressCounts.forEach((ip, n) -> {
            if (n <= threshold && !ip.equals(LogEntry.LOCAL)) {
                out.add(ip);
            }
        });
        out.sort(null);
        return out;
    }
}
