package io.harbour.faults;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a fault run did and what it found: the counts the issue asks for (sent, 202, 429/503,
 * searchable, missing, doubled), the faults with the moment each happened, and the first
 * examples of anything missing or doubled.
 */
public record FaultReport(FaultRun.Settings settings, Instant began, LoadGenerator.Counts load, List<FaultSchedule.Done> faults,
                          double loadSeconds, double closeSeconds, long searchable, long missing, long doubled, long unexpected,
                          List<String> missingExamples, List<String> doubledExamples, Map<Integer, String> unexpectedBodies) {

    public String markdown() {
        StringBuilder s = new StringBuilder();
        s.append("## Fault run of ").append(began).append("\n\n");
        s.append(String.format(Locale.ROOT, "%,d LogHarbour entries in batches of %d, %d senders paced at %,.0f entries/s, "
                        + "to two receivers; one indexer; the query API; one Kafka broker; one Elasticsearch node.%n%n",
                settings.entries(), settings.batchSize(), settings.senders(), settings.entriesPerSecond()));
        s.append("| fault | at (s after the first send) | took (s) |\n|---|---:|---:|\n");
        for (FaultSchedule.Done d : faults) {
            s.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f |%n", d.name(), d.atSeconds(), d.tookSeconds()));
        }
        s.append("\n| count | value |\n|---|---:|\n");
        row(s, "logs sent (distinct ids)", load.sent());
        row(s, "POSTs (first tries and retries)", load.requests());
        row(s, "logs acknowledged with 202", load.acknowledged());
        row(s, "429 answers (retried after Retry-After)", load.responses429());
        row(s, "503 answers (retried after Retry-After)", load.responses503());
        row(s, "connection failures (retried on the other receiver)", load.connectionFailures());
        row(s, "logs given up", load.givenUp());
        load.otherStatuses().forEach((status, n) -> row(s, "other status " + status, n));
        row(s, "searchable through the query API's export (distinct ids)", searchable);
        row(s, "missing (202 but not searchable)", missing);
        row(s, "doubled (searchable more than once)", doubled);
        row(s, "unexpected (searchable but never sent)", unexpected);
        s.append(String.format(Locale.ROOT, "%nSending took %.1f s; the window closed (watermark past the last 202) and was read %.1f s later.%n",
                loadSeconds, closeSeconds));
        if (!missingExamples.isEmpty()) {
            s.append("\nMissing, first ids: ").append(missingExamples).append('\n');
        }
        if (!doubledExamples.isEmpty()) {
            s.append("\nDoubled, first ids: ").append(doubledExamples).append('\n');
        }
        unexpectedBodies.forEach((status, body) -> s.append("\nFirst ").append(status).append(" body: ").append(body).append('\n'));
        return s.toString();
    }

    private static void row(StringBuilder s, String what, long n) {
        s.append(String.format(Locale.ROOT, "| %s | %,d |%n", what, n));
    }
}
