package io.harbour.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The refused lines of {@code harbour import-observations}, each with its reason: the first
 * {@link #SHOWN} in the summary on the terminal, and every one of them in a CSV file
 * ({@code line,reason}, in line order) that the summary names.
 *
 * <p>Why both: an operator importing 100,000 lines with one wrong option (a time pattern, a
 * column) gets 100,000 refusals, which on a terminal would bury the summary and outrun the
 * scrollback; a file keeps them all, can be searched or sorted, and its line numbers pick the
 * lines to fix and import again. A handful of bad lines, the usual case, is read on the terminal
 * without opening anything. If the file cannot be written, every refusal goes to stderr instead,
 * so no reason is ever lost.
 */
final class RefusalReport {
    /** Refusals printed in the summary before the rest is left to the file. */
    static final int SHOWN = 100;

    private RefusalReport() {
    }

    /** Next to the CSV: {@code openvpn.csv} gets {@code openvpn.csv.refusals.csv}. */
    static Path defaultFile(Path csv) {
        return csv.toAbsolutePath().resolveSibling(csv.getFileName() + ".refusals.csv");
    }

    /**
     * Prints the refusals' lines of the summary to {@code out} and writes all of them to
     * {@code file} (replacing it); nothing is written when nothing was refused.
     */
    static void report(Map<Long, String> refused, Path file, PrintWriter out, PrintWriter err) {
        if (refused.isEmpty()) {
            return;
        }
        int shown = 0;
        for (Map.Entry<Long, String> r : refused.entrySet()) {
            if (shown++ == SHOWN) {
                out.printf("  ... and %d more%n", refused.size() - SHOWN);
                break;
            }
            out.printf("  line %d: %s%n", r.getKey(), r.getValue());
        }
        try {
            write(refused, file);
            out.printf("every refused line with its reason: %s%n", file);
        } catch (IOException e) {
            out.printf("every refused line with its reason: on stderr (%s could not be written)%n", file);
            err.printf("cannot write %s (%s); every refused line follows:%n", file, e);
            refused.forEach((line, reason) -> err.printf("line %d: %s%n", line, reason));
            err.flush();
        }
        out.flush();
    }

    private static void write(Map<Long, String> refused, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader("line", "reason").setRecordSeparator('\n').get())) {
            for (Map.Entry<Long, String> r : refused.entrySet()) {
                csv.printRecord(r.getKey(), r.getValue());
            }
        }
    }
}
