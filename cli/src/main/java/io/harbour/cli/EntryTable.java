package io.harbour.cli;

import io.harbour.client.query.RetrievedEntry;
import io.harbour.model.logharbour.Change;
import io.harbour.model.logharbour.ChangeData;
import io.harbour.model.logharbour.LogEntry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Entries as an aligned text table for a terminal: one line an entry, every column cut to a
 * width (the message widest), so a long message or an odd value never breaks the alignment.
 * {@code query logs} sizes the columns to the page it prints; {@code tail} cannot know what comes,
 * so it uses the fixed widths.
 */
final class EntryTable {
    private record Column(String title, int max, Function<RetrievedEntry, String> value) {
    }

    static final int MSG_WIDTH = 60;

    private static final List<Column> LOGS = List.of(
            new Column("WHEN", 30, e -> text(e.entry().when())),
            new Column("APP", 16, e -> e.entry().app()),
            new Column("T", 1, e -> text(e.entry().type())),
            new Column("PRI", 6, e -> e.entry().type() == io.harbour.model.logharbour.EntryType.CHANGE ? "" : text(e.entry().pri())),
            new Column("WHO", 16, e -> e.entry().who()),
            new Column("CLASS", 16, e -> e.entry().className()),
            new Column("INSTANCE", 16, e -> e.entry().instance()),
            new Column("OP", 12, e -> e.entry().op()),
            new Column("ST", 4, e -> e.entry().failed() ? "FAIL" : ""),
            new Column("REMOTE_IP", 39, e -> e.entry().remoteIp()),
            new Column("MSG", MSG_WIDTH, EntryTable::message));

    private static final List<Column> CHANGES = List.of(
            new Column("WHEN", 30, e -> text(e.entry().when())),
            new Column("WHO", 16, e -> e.entry().who()),
            new Column("OP", 12, e -> e.changeData().map(ChangeData::op).orElse(e.entry().op())),
            new Column("CHANGES", 80, EntryTable::changes),
            new Column("MSG", 40, EntryTable::message));

    private final List<Column> columns;
    private final boolean wide;

    private EntryTable(List<Column> columns, boolean wide) {
        this.columns = columns;
        this.wide = wide;
    }

    static EntryTable logs(boolean wide) {
        return new EntryTable(LOGS, wide);
    }

    static EntryTable changes(boolean wide) {
        return new EntryTable(CHANGES, wide);
    }

    /** The header and rows, each column as wide as its widest value (up to its cap). */
    void print(PrintWriter out, List<RetrievedEntry> entries) {
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            int w = columns.get(c).title().length();
            for (RetrievedEntry e : entries) {
                w = Math.max(w, cell(c, e).length());
            }
            widths[c] = w;
        }
        out.println(line(titles(), widths));
        for (RetrievedEntry e : entries) {
            out.println(line(cells(e), widths));
        }
        out.flush();
    }

    /** Widths that do not depend on the data, for a stream of rows. */
    int[] fixedWidths() {
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = Math.max(columns.get(c).title().length(), columns.get(c).max());
        }
        // The when column holds at most 30 characters, the remote address rarely more than 15.
        return widths;
    }

    String header(int[] widths) {
        return line(titles(), widths);
    }

    String row(RetrievedEntry e, int[] widths) {
        return line(cells(e), widths);
    }

    private List<String> titles() {
        return columns.stream().map(Column::title).toList();
    }

    private List<String> cells(RetrievedEntry e) {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            out.add(cell(c, e));
        }
        return out;
    }

    private String cell(int c, RetrievedEntry e) {
        String v = columns.get(c).value().apply(e);
        v = v == null ? "" : v.replaceAll("[\\r\\n\\t]+", " ");
        int max = columns.get(c).max();
        return !wide && v.length() > max ? v.substring(0, Math.max(0, max - 1)) + "…" : v;
    }

    /** Cells padded to their widths, with no trailing blanks (empty last cells leave none). */
    private static String line(List<String> cells, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String v = cells.get(i);
            if (i > 0) {
                b.append("  ");
            }
            b.append(v);
            if (i < cells.size() - 1) {
                b.append(" ".repeat(Math.max(0, widths[i] - v.length())));
            }
        }
        return b.toString().stripTrailing();
    }

    private static String message(RetrievedEntry e) {
        LogEntry entry = e.entry();
        return entry.error() != null && !entry.error().isEmpty() ? text(entry.msg()) + " [" + entry.error() + "]" : entry.msg();
    }

    private static String changes(RetrievedEntry e) {
        return e.changeData().map(c -> c.changes() == null ? "" : String.join("; ", c.changes().stream()
                .map(EntryTable::change).toList())).orElse("");
    }

    private static String change(Change c) {
        return c.field() + ": " + c.oldText() + " -> " + c.newText();
    }

    private static String text(Object o) {
        return o == null ? "" : o.toString();
    }
}
