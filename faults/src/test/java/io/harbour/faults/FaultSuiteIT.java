package io.harbour.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md's first promise under fire: a 202 is never lost. Receivers, indexer and query API
 * run as separate processes; 200,000 logs with unique ids go in over HTTPS while the indexer is
 * SIGKILLed three times, the broker is stopped for 20 s, the node for 30 s and a receiver is
 * restarted. Every log that got a 202 must then be found through the query API exactly once.
 * The report goes to {@code target/fault-run/report.md} and to the build output.
 */
class FaultSuiteIT {
    @Test
    void everyAcknowledgedLogIsSearchableExactlyOnceThroughCrashesAndOutages() throws Exception {
        Path repo = Path.of(System.getProperty("harbour.repo", "..")).toAbsolutePath().normalize();
        Path dir = Path.of(System.getProperty("harbour.faults.dir", "target/fault-run")).toAbsolutePath();
        FaultRun.Settings settings = FaultRun.Settings.fromSystemProperties();
        FaultReport report;
        try (FaultRun run = FaultRun.start(repo, dir)) {
            report = run.execute(settings);
        }
        String markdown = report.markdown();
        Files.writeString(dir.resolve("report.md"), markdown, StandardCharsets.UTF_8);
        System.out.println(markdown);

        assertEquals(settings.entries(), report.load().sent());
        assertEquals(0, report.load().givenUp(), "logs given up after 5 minutes of retries");
        assertEquals(java.util.Map.of(), report.load().otherStatuses(), "answers other than 202, 429 and 503");
        assertEquals(settings.entries(), report.load().acknowledged(), "every log acknowledged in the end");
        assertEquals(0, report.missing(), "logs that got a 202 and are not searchable");
        assertEquals(0, report.doubled(), "logs searchable more than once");
        assertEquals(0, report.unexpected(), "documents never sent");
        assertEquals(report.load().acknowledged(), report.searchable(), "searchable = acknowledged");
    }
}
