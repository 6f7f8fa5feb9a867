package io.harbour.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every refused line of an import gets its reason, however many there are: the first
 * {@link RefusalReport#SHOWN} in the summary, all of them in a CSV file the summary names, or on
 * stderr when that file cannot be written. The lines here are all refused before sending (bad
 * timestamps, a bad address), so no request is made and no receiver is needed: the address
 * given is never contacted.
 */
class ImportObservationsRefusalsTest {
    private static final int LINES = 150;

    @TempDir
    Path dir;

    /** A CSV of {@link #LINES} data lines, each refused: every seventh for its address, the others for their time. */
    private Path csv() throws Exception {
        Path csv = dir.resolve("bad.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("Real IP,VPN IP,Start Time\n");
            for (int i = 1; i <= LINES; i++) {
                w.write(i % 7 == 0 ? "203.0.113.1,10.8.0.999,01/01/26 00:00:00\n" : "203.0.113.1,10.8.0.1,2026-01-01 00:00:" + (i % 60) + "\n");
            }
        }
        return csv;
    }

    /** The reason the command gives for data line {@code i} (CSV line i + 1). */
    private static String reason(int i) {
        return i % 7 == 0 ? "bad IP in \"VPN IP\": \"10.8.0.999\""
                : "bad timestamp: \"2026-01-01 00:00:" + (i % 60) + "\" does not match %m/%d/%y %H:%M:%S";
    }

    private CliRun importing(Path csv, String... more) {
        List<String> args = new ArrayList<>(List.of("import-observations", "--csv", csv.toString(), "--url", "https://127.0.0.1:9",
                "--key", "hk_never_sent", "--state-dir", dir.resolve("no-state").toString(), "--no-progress", "--zone", "UTC",
                "--ipaddr", "VPN IP", "--associated-ipaddr", "Real IP", "--timestamp", "Start Time"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void theSummaryShowsTheFirstRefusalsAndTheFileItNamesHoldsEveryOneWithItsReason() throws Exception {
        Path csv = csv();
        CliRun run = importing(csv);
        assertEquals(3, run.exit(), run.toString());
        assertTrue(run.out().contains("sent      0 observations in 0 requests\n"), run.out());
        assertTrue(run.out().contains("refused   " + LINES + "\n"), run.out());
        for (int i = 1; i <= RefusalReport.SHOWN; i++) {
            assertTrue(run.out().contains("  line " + (i + 1) + ": " + reason(i) + "\n"), "line " + (i + 1) + ":\n" + run.out());
        }
        assertFalse(run.out().contains("  line " + (RefusalReport.SHOWN + 2) + ":"), run.out());
        assertTrue(run.out().contains("  ... and " + (LINES - RefusalReport.SHOWN) + " more\n"), run.out());
        Path file = dir.resolve("bad.csv.refusals.csv");
        assertTrue(run.out().contains("every refused line with its reason: " + file + "\n"), run.out());

        List<String> expected = new ArrayList<>(List.of("line,reason"));
        for (int i = 1; i <= LINES; i++) {
            // The reasons hold quotes (and some a comma would), so the file quotes them as CSV does.
            expected.add((i + 1) + ",\"" + reason(i).replace("\"", "\"\"") + "\"");
        }
        assertEquals(expected, Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    @Test
    void aFileNamedWithRefusalsIsUsedAndOneThatCannotBeWrittenSendsEveryReasonToStderr() throws Exception {
        Path csv = csv();
        Path chosen = dir.resolve("chosen.csv");
        CliRun named = importing(csv, "--refusals", chosen.toString());
        assertEquals(3, named.exit(), named.toString());
        assertEquals(LINES + 1, Files.readAllLines(chosen, StandardCharsets.UTF_8).size());
        assertFalse(Files.exists(dir.resolve("bad.csv.refusals.csv")), "only the file asked for is written");

        // A path under a regular file cannot be created, whoever runs the command.
        Path impossible = csv.resolve("refusals.csv");
        CliRun fallback = importing(csv, "--refusals", impossible.toString());
        assertEquals(3, fallback.exit(), fallback.toString());
        assertTrue(fallback.out().contains("every refused line with its reason: on stderr (" + impossible + " could not be written)"),
                fallback.out());
        for (int i = 1; i <= LINES; i++) {
            assertTrue(fallback.err().contains("\nline " + (i + 1) + ": " + reason(i) + "\n"), "line " + (i + 1) + ":\n" + fallback.err());
        }
    }
}
