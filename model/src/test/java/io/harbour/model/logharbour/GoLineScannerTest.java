package io.harbour.model.logharbour;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.model.Batch;
import io.harbour.model.BatchItem;
import io.harbour.model.BatchReader;
import io.harbour.model.Documents;
import io.harbour.model.IpAddresses;
import io.harbour.model.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The byte path ({@link LogEntryScanner#scanBytes}, {@link GoLineScanner}) either refuses a line
 * or reads it exactly as the format does: valid, with the same key parts. Checked directly, line by
 * line, at nesting limits 1, 2 and 64, here and on every case and mutation of
 * {@link LogEntryScannerTest} (whose whole-body comparisons take the byte path too).
 */
class GoLineScannerTest {
    private static final int[] DEPTHS = {1, 2, BatchReader.DEFAULT_MAX_DEPTH};
    private static final BatchReader[] READERS = {new BatchReader(1), new BatchReader(2), BatchReader.standard()};
    private static final String WHEN = "\"when\":\"2024-01-15T10:00:00Z\"";
    private static final String HEAD = "{\"app\":\"a\"," + WHEN;

    /** A line as the benchmark (and the Go library) writes it. */
    static final String GO_LINE = "{\"id\":\"2kF3aZ09xQ\",\"app\":\"Shop\",\"system\":\"vm-bench-01\",\"module\":\"orders\","
            + "\"type\":\"A\",\"pri\":\"Info\",\"when\":\"2026-11-23T05:56:38.427582317Z\",\"who\":\"user-17\","
            + "\"op\":\"create\",\"class\":\"Order\",\"instance\":\"456\",\"remote_ip\":\"203.0.113.45\","
            + "\"msg\":\"order placed with three items and a coupon.\","
            + "\"data\":{\"activity_data\":\"{\\\"items\\\":3,\\\"orderId\\\":456}\"},\"trace_id\":\"t0123456789abcd\"}";

    @Test
    void typicalGoLinesTakeTheBytePath() {
        assertEquals(LogEntryKeyParts.of("Shop", "Order", "456"), fires(GO_LINE, 2));
        assertEquals(LogEntryKeyParts.of("Shop", "Order", "456"), fires(GO_LINE, 64));
        assertEquals(LogEntryKeyParts.of("a", null, null), fires(HEAD + "}", 1));
        assertEquals(LogEntryKeyParts.of("a", "C", "7"), fires(
                "{\"instance\":\"7\",\"msg\":\"m\",\"when\":\"2024-01-15T10:00:00Z\",\"class\":\"C\",\"app\":\"a\",\"id\":\"i\"}", 64));
        assertEquals(LogEntryKeyParts.of("Shop", "Order", "456"), fires(
                GO_LINE.replace("\"msg\":\"order", "\"status\":1,\"error\":\"\",\"msg\":\"order"), 64));
        assertEquals(LogEntryKeyParts.of("\u00e9t\u00e9", "\u00c9", "\u20ac"), fires(
                "{\"app\":\"\u00e9t\u00e9\",\"class\":\"\u00c9\",\"instance\":\"\u20ac\"," + WHEN + ",\"msg\":\"\ud83d\ude00\"}", 64));
    }

    @Test
    void stringsWithEscapes() {
        fires(HEAD + ",\"msg\":\"placed \\u003cb\\u003e \\\"quoted\\\" back\\\\slash \\/ \\b\\f\\n\\r\\t \\u00E9\"}", 1);
        fires(HEAD + ",\"msg\":\"\\\\\"}", 1);
        fires(HEAD + ",\"msg\":\"\\\"\"}", 1);
        refused(HEAD + ",\"msg\":\"bad \\x escape\"}");
        refused(HEAD + ",\"msg\":\"bad \\u12G4 escape\"}");
        refused(HEAD + ",\"msg\":\"short \\u12\"}");
        refused(HEAD + ",\"msg\":\"short \\u12");
        refused(HEAD + ",\"msg\":\"lone backslash \\\"}");
        refused(HEAD + ",\"msg\":\"lone backslash \\");
        refused(HEAD + ",\"msg\":\"raw \u0001 control\"}");
        refused(HEAD + ",\"msg\":\"raw \t tab\"}");
        refused(HEAD + ",\"msg\":\"raw \u001f unit separator\"}");
        refused(HEAD + ",\"msg\":\"unterminated}");
        // Decoded fields with an escape are Jackson's, even when valid.
        notTaken("{\"app\":\"a\\u0062\"," + WHEN + "}", 64);
        notTaken("{\"app\":\"a\"," + WHEN + ",\"class\":\"C\\/D\"}", 64);
        notTaken("{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00\\u005a\"}", 64);
        notTaken("{\"a\\u0070p\":\"escaped name\"," + WHEN + "}", 64);
    }

    @Test
    void checkedValues() {
        refused("{\"app\":\"\"," + WHEN + "}");
        refused("{\"app\":\"a\"}");
        refused("{" + WHEN + "}");
        refused("{\"app\":\"a\",\"when\":\"2024-01-15 10:00:00\"}");
        refused(HEAD + ",\"pri\":\"loud\"}");
        refused(HEAD + ",\"type\":\"Q\"}");
        refused(HEAD + ",\"remote_ip\":\"300.1.1.1\"}");
        refused(HEAD + ",\"app\":7}");
        notTaken(HEAD + ",\"id\":null}", 64); // null is absent to the format
        refused(HEAD + ",\"msg\":1}");
        fires(HEAD + ",\"pri\":\"WARN\",\"type\":\"C\",\"remote_ip\":\"LOCAL\"}", 1);
        fires(HEAD + ",\"remote_ip\":\"2001:db8::1\"}", 1);
    }

    @Test
    void theUsualValuesRecognisedWithoutAStringAreWhatTheParsersAccept() {
        for (EntryType type : EntryType.values()) {
            fires(HEAD + ",\"type\":\"" + type.code() + "\"}", 1);
            refused(HEAD + ",\"type\":\"" + type.code() + type.code() + "\"}");
        }
        for (Priority priority : Priority.values()) {
            fires(HEAD + ",\"pri\":\"" + priority.wireName() + "\"}", 1);
            fires(HEAD + ",\"pri\":\"" + priority.wireName().toUpperCase(Locale.ROOT) + "\"}", 1);
            refused(HEAD + ",\"pri\":\"" + priority.wireName() + "x\"}");
        }
        List<String> quads = new ArrayList<>(List.of("0.0.0.0", "255.255.255.255", "203.0.113.45", "256.1.1.1",
                "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.04", "1..2.3", ".1.2.3", "1.2.3.", "1234.1.1.1", "", "1.2.3.4 "));
        Random random = new Random(7);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder quad = new StringBuilder();
            if (random.nextBoolean()) {
                for (int k = random.nextInt(18); k > 0; k--) {
                    quad.append("0123456789.".charAt(random.nextInt(11)));
                }
            } else { // mostly near-valid: three to five parts of up to four digits, around 255
                for (int part = 2 + random.nextInt(3); part >= 0; part--) {
                    int digits = random.nextInt(10) == 0 ? random.nextInt(5) : 1 + random.nextInt(3);
                    quad.append(String.valueOf(random.nextInt(300) + 10_000).substring(5 - digits));
                    quad.append(part > 0 ? "." : "");
                }
            }
            quads.add(quad.toString());
        }
        int dotted = 0;
        for (String quad : quads) {
            byte[] bytes = quad.getBytes(StandardCharsets.UTF_8);
            boolean fast = GoLineScanner.dottedQuad(bytes, 0, bytes.length);
            assertEquals(IpAddresses.isLiteral(quad), fast, quad);
            dotted += fast ? 1 : 0;
        }
        assertTrue(dotted > 100, "random dotted quads: " + dotted);
        for (String quad : quads.subList(0, 14)) {
            agrees((HEAD + ",\"remote_ip\":\"" + quad + "\"}").getBytes(StandardCharsets.UTF_8), 2);
        }
    }

    @Test
    void utcTimesAreThoseTimestampAcceptsInGoForm() {
        Random random = new Random(29);
        java.util.regex.Pattern goForm = java.util.regex.Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z");
        int recognised = 0;
        for (int n = 0; n < 50_000; n++) {
            int[] years = {0, 1, 1900, 2000, 2023, 2024, 2100, 9999, random.nextInt(10_000)};
            String text = String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d", years[random.nextInt(years.length)],
                    random.nextInt(14), random.nextInt(33), random.nextInt(25), random.nextInt(61), random.nextInt(61));
            int fraction = random.nextInt(12);
            if (fraction > 0) {
                text += "." + String.valueOf(random.nextLong() & Long.MAX_VALUE).concat("0000000000").substring(0, fraction - 1);
            }
            text += List.of("Z", "Z", "Z", "z", "+01:00", "").get(random.nextInt(6));
            if (random.nextInt(5) == 0) { // an edit anywhere: a character changed, added or dropped
                StringBuilder edited = new StringBuilder(text);
                int at = random.nextInt(edited.length());
                char c = "0123456789-:.TZtz +".charAt(random.nextInt(19));
                switch (random.nextInt(3)) {
                    case 0 -> edited.setCharAt(at, c);
                    case 1 -> edited.insert(at, c);
                    default -> edited.deleteCharAt(at);
                }
                text = edited.toString();
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            boolean fast = GoLineScanner.utcTime(bytes, 0, bytes.length);
            boolean valid = Timestamp.parse(text).isPresent();
            assertEquals(valid && goForm.matcher(text).matches(), fast, text);
            recognised += fast ? 1 : 0;
        }
        assertTrue(recognised > 2_000, "recognised " + recognised);
        fires(HEAD.replace(WHEN, "\"when\":\"2024-02-29T23:59:59.999999999Z\"") + "}", 1);
        notTaken(HEAD.replace(WHEN, "\"when\":\"2023-02-29T23:59:59Z\"") + "}", 64);
    }

    @Test
    void status() {
        fires(HEAD + ",\"status\":0}", 1);
        fires(HEAD + ",\"status\":1,\"msg\":\"m\"}", 1);
        for (String status : List.of("2", "-0", "00", "01", "1.0", "1e0", "\"1\"", "null", "true", "", "10")) {
            notTaken(HEAD + ",\"status\":" + status + "}", 64);
            notTaken(HEAD + ",\"status\":" + status + ",\"msg\":\"m\"}", 64);
        }
    }

    @Test
    void data() {
        fires(HEAD + ",\"data\":\"old style\"}", 1);
        fires(HEAD + ",\"data\":\"\\u003c\"}", 1);
        for (String data : List.of("{}", "{\"activity_data\":\"x\"}", "{\"activity_data\":\"\"}", "{\"activity_data\":\"\\\"q\\\"\"}")) {
            fires(HEAD + ",\"data\":" + data + "}", 2);
            fires(HEAD + ",\"data\":" + data + ",\"trace_id\":\"t\"}", 64);
            notTaken(HEAD + ",\"data\":" + data + "}", 1); // Jackson refuses two levels there
        }
        for (String data : List.of("{\"activity_data\":null}", "{\"activity_data\":\"x\",\"debug_data\":{}}",
                "{\"other\":\"x\"}", "[]", "null", "{ }", "{\"activity_data\" : \"x\"}", "{\"activity_data\":\"x\"", "{",
                "{\"change_data\":{\"entity\":\"e\",\"changes\":[{\"field\":\"f\",\"old_value\":1,\"new_value\":null}]}}")) {
            notTaken(HEAD + ",\"data\":" + data + "}", 64);
        }
    }

    @Test
    void namesAndLayout() {
        refused("{\"app\":\"a\",\"app\":\"b\"," + WHEN + "}");
        refused("{\"id\":\"1\",\"app\":\"a\"," + WHEN + ",\"id\":\"2\"}");
        notTaken(HEAD + ",\"extra\":\"x\"}", 64);
        notTaken(HEAD + ",\"\":\"empty name\"}", 64);
        notTaken(HEAD + ",\"App\":\"x\"}", 64);
        notTaken(HEAD + ",\"apps\":\"x\"}", 64);
        for (String spaced : List.of("{ \"app\":\"a\"," + WHEN + "}", "{\"app\" :\"a\"," + WHEN + "}",
                "{\"app\": \"a\"," + WHEN + "}", "{\"app\":\"a\" ," + WHEN + "}", "{\"app\":\"a\", " + WHEN + "}",
                HEAD + " }", HEAD + ",\"status\":1 }", HEAD + ",\"data\":{ }}", HEAD + "\t}", HEAD + ",\n\"msg\":\"m\"}")) {
            notTaken(spaced, 64);
        }
        refused(HEAD + "} trailing");
        refused(HEAD + "}}");
        refused(HEAD + "},");
        refused(HEAD + "}{}");
        refused(HEAD + ",}");
        refused(HEAD);
        refused(HEAD + ",");
        refused(HEAD + ",\"msg\"");
        refused(HEAD + ",\"msg\":");
        refused("{}");
        notTaken("[" + HEAD + "}]", 64);
        refused("{'app':'a'}");
    }

    @Test
    void theLibraryTestDataAgrees() throws Exception {
        JsonNode entries = Json.mapper().readTree(Documents.bytes("logharbour-testdata.json"));
        int activities = 0;
        for (JsonNode entry : entries) {
            String line = Json.mapper().writeValueAsString(entry); // compact, as Go writes it
            boolean activity = entry.path("data").has("activity_data");
            for (int d = 0; d < DEPTHS.length; d++) {
                LogEntryKeyParts fast = agrees(line.getBytes(StandardCharsets.UTF_8), d);
                if (activity && DEPTHS[d] >= 2) {
                    assertNotNull(fast, "an activity entry takes the byte path: " + line);
                }
            }
            activities += activity ? 1 : 0;
        }
        assertTrue(activities >= 50, "activity entries: " + activities);
    }

    @Test
    void theReferenceExamplesAgree() {
        int taken = 0;
        for (String example : Documents.referenceExamples()) {
            taken += checkLines(example.getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(taken > 0, "some reference example takes the byte path");
    }

    /** Asserts the byte path takes {@code line} at {@code depth} and above, agreeing with the format. */
    private static LogEntryKeyParts fires(String line, int depth) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        LogEntryKeyParts first = null;
        for (int d = 0; d < DEPTHS.length; d++) {
            LogEntryKeyParts fast = agrees(bytes, d);
            if (DEPTHS[d] >= depth) {
                assertNotNull(fast, "taken at depth " + DEPTHS[d] + ": " + line);
                first = first == null ? fast : first;
            }
        }
        return first;
    }

    /** Asserts the format refuses {@code line} at every depth (so the byte path must too). */
    private static void refused(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        for (int d = 0; d < DEPTHS.length; d++) {
            Batch<LogEntry> tree = READERS[d].read(bytes, LogEntryFormat.INSTANCE);
            assertTrue(tree.items().stream().anyMatch(item -> !item.isValid()) || tree.items().isEmpty(),
                    "the format refuses " + line);
            assertNull(agrees(bytes, d), line);
        }
    }

    /** Asserts the byte path leaves {@code line} to Jackson at {@code depth} (valid or not). */
    private static void notTaken(String line, int depth) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        for (int d = 0; d < DEPTHS.length; d++) {
            LogEntryKeyParts fast = agrees(bytes, d);
            if (DEPTHS[d] <= depth) {
                assertNull(fast, "not taken at depth " + DEPTHS[d] + ": " + line);
            }
        }
    }

    /**
     * Checks every line of {@code body} as {@link BatchReader} would hand it to the byte path
     * (trimmed, well-formed UTF-8 only) at each depth; the number of lines taken at depth 64.
     */
    static int checkLines(byte[] body) {
        int taken = 0;
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                int from = start;
                int to = i;
                while (from < to && whitespace(body[from])) {
                    from++;
                }
                while (to > from && whitespace(body[to - 1])) {
                    to--;
                }
                start = i + 1;
                byte[] line = Arrays.copyOfRange(body, from, to);
                if (line.length == 0 || !wellFormedUtf8(line) || startsWithZero(line)) {
                    continue; // BatchReader never asks the byte path about such a line
                }
                for (int d = 0; d < DEPTHS.length; d++) {
                    LogEntryKeyParts fast = agrees(line, d);
                    if (fast != null && DEPTHS[d] == BatchReader.DEFAULT_MAX_DEPTH) {
                        taken++;
                    }
                }
            }
        }
        return taken;
    }

    /**
     * The byte path's reading of {@code line} at {@code DEPTHS[d]}, asserted null or equal to the
     * format's: valid, with the same key parts. The line is read from inside a larger array whose
     * surrounding bytes would complete a truncated entry, so reading past its bounds shows.
     */
    private static LogEntryKeyParts agrees(byte[] line, int d) {
        byte[] prefix = "{\"app\":\"p\",".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"}}\",\"when\":\"2024-01-15T10:00:00Z\"}".getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[prefix.length + line.length + suffix.length];
        System.arraycopy(prefix, 0, padded, 0, prefix.length);
        System.arraycopy(line, 0, padded, prefix.length, line.length);
        System.arraycopy(suffix, 0, padded, prefix.length + line.length, suffix.length);
        LogEntryKeyParts fast = LogEntryScanner.INSTANCE.scanBytes(padded, prefix.length, prefix.length + line.length, DEPTHS[d]);
        assertEquals(fast, LogEntryScanner.INSTANCE.scanBytes(line, 0, line.length, DEPTHS[d]));
        if (fast == null) {
            return null;
        }
        String what = "depth " + DEPTHS[d] + ": " + new String(line, StandardCharsets.UTF_8);
        Batch<LogEntry> tree = READERS[d].read(line, LogEntryFormat.INSTANCE);
        assertEquals(List.of(), tree.problems(), what);
        assertEquals(1, tree.items().size(), what);
        BatchItem<LogEntry> item = tree.items().get(0);
        assertTrue(item.isValid(), what);
        assertEquals(LogEntryKeyParts.of(item.value()), fast, what);
        return fast;
    }

    private static boolean whitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private static boolean startsWithZero(byte[] line) {
        for (int i = 0; i < Math.min(4, line.length); i++) {
            if (line[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean wellFormedUtf8(byte[] line) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
