package io.harbour.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The run's figures as Markdown, written to {@code results.md} after every section (so a failed
 * run still leaves what it measured) and echoed to standard output.
 */
final class Report {
    private final Path file;
    private final StringBuilder text = new StringBuilder();

    Report(Path file) {
        this.file = file;
    }

    void heading(String title) {
        add("\n## " + title + "\n");
    }

    void line(String line) {
        add(line + "\n");
    }

    void code(String block) {
        add("```\n" + block.strip() + "\n```\n");
    }

    void table(List<String> header, List<List<String>> rows) {
        StringBuilder t = new StringBuilder("\n| " + String.join(" | ", header) + " |\n|");
        header.forEach(h -> t.append("---|"));
        t.append('\n');
        for (List<String> row : rows) {
            t.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        add(t + "\n");
    }

    private synchronized void add(String s) {
        text.append(s);
        System.out.print(s);
        System.out.flush();
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            System.err.println("bench: cannot write " + file + ": " + e);
        }
    }

    /** A number with thousands separators and {@code decimals} digits after the point. */
    static String num(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    static String mib(long kib) {
        return kib < 0 ? "n/a" : num(kib / 1024.0, 0) + " MiB";
    }
}
