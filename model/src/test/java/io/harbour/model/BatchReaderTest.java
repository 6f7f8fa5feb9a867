package io.harbour.model;

import io.harbour.model.logharbour.LogEntry;
import io.harbour.model.logharbour.LogEntryFormat;
import io.harbour.model.logharbour.LogEntryKeyParts;
import io.harbour.model.logharbour.Priority;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchReaderTest {
    private static final LogEntryFormat FORMAT = LogEntryFormat.INSTANCE;
    private static final String A = "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\"}";
    private static final String B = "{\"app\":\"b\",\"when\":\"2024-01-15T10:00:01Z\",\"pri\":\"Warn\"}";
    private static final String C = "{\"app\":\"c\",\"when\":\"2024-01-15T10:00:02.5Z\"}";

    private static Batch<LogEntry> read(String body) {
        return BatchReader.standard().read(body.getBytes(StandardCharsets.UTF_8), FORMAT);
    }

    private static List<String> texts(Batch<?> batch) {
        return batch.items().stream().map(BatchItem::text).toList();
    }

    private static List<Integer> lines(Batch<?> batch) {
        return batch.items().stream().map(BatchItem::line).toList();
    }

    private static List<String> apps(Batch<LogEntry> batch) {
        return batch.values().stream().map(LogEntry::app).toList();
    }

    /** BigDecimal cannot hold this exponent: it must be a problem of its line, never an exception. */
    @Test
    void aNumberWithAnExponentTooLargeForBigDecimalIsAProblemOfItsLine() {
        for (String body : List.of(
                "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"x\":99999999999e99999999999}",
                A + "\n{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"x\":1e99999999999}",
                "[" + A + ",{\"app\":\"a\",\"x\":-9e-99999999999}]")) {
            Batch<LogEntry> batch = read(body);
            assertFalse(batch.isValid(), body);
            assertEquals(1, batch.problems().size(), body);
            assertTrue(batch.problems().get(0).reason().contains("number"), batch.problems().toString());
        }
    }

    @Test
    void readsASingleObject() {
        Batch<LogEntry> batch = read(A);
        assertEquals(Batch.Shape.SINGLE, batch.shape());
        assertTrue(batch.isValid());
        assertEquals(List.of(A), texts(batch));
        assertEquals(List.of(1), lines(batch));
        assertEquals(0, batch.items().get(0).index());
    }

    @Test
    void readsAPrettyPrintedSingleObjectAsOneItem() {
        String body = "{\n  \"app\": \"a\",\n  \"when\": \"2024-01-15T10:00:00Z\"\n}\n";
        Batch<LogEntry> batch = read(body);
        assertEquals(Batch.Shape.SINGLE, batch.shape());
        assertEquals(List.of("a"), apps(batch));
        assertEquals(List.of(body.trim()), texts(batch));
    }

    @Test
    void readsAPrettyPrintedObjectWhoseFirstLineEndsAfterAMember() {
        // Jackson calls this first line a syntax error, not an end of input.
        String body = "{ \"app\": \"a\",\n  \"when\": \"2024-01-15T10:00:00Z\" }\n";
        Batch<LogEntry> batch = read(body);
        assertEquals(Batch.Shape.SINGLE, batch.shape());
        assertTrue(batch.isValid(), batch.problems().toString());
        assertEquals("a", batch.values().get(0).app());
    }

    @Test
    void reportsMalformedJsonInAPrettyPrintedObjectAtItsLine() {
        Batch<LogEntry> batch = read("{\n  \"app\": \"a\",\n  \"when\": \"2024-01-15T10:00:00Z\"\n  \"pri\": \"Info\"\n}");
        assertEquals(List.of("line 4: malformed JSON at column 3: Unexpected character ('\"' (code 34)): "
                + "was expecting comma to separate Object entries"), batch.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void readsAnArrayKeepingEachElementsExactBytesAndStartLine() {
        String body = "[\n  " + A + ",\n  " + B + " ,\n\n" + C + "\n]\n";
        Batch<LogEntry> batch = read(body);
        assertEquals(Batch.Shape.ARRAY, batch.shape());
        assertTrue(batch.isValid(), batch.problems().toString());
        assertEquals(List.of(A, B, C), texts(batch));
        assertEquals(List.of(2, 3, 5), lines(batch));
        assertEquals(List.of("a", "b", "c"), apps(batch));
        assertEquals(Priority.WARN, batch.values().get(1).pri());
    }

    @Test
    void readsAPrettyPrintedArrayElementByElement() {
        String element = "{\n    \"app\": \"a\",\n    \"when\": \"2024-01-15T10:00:00Z\"\n  }";
        Batch<LogEntry> batch = read("[\n  " + element + ",\n  " + element + "\n]");
        assertEquals(List.of(element, element), texts(batch));
        assertEquals(List.of(2, 6), lines(batch));
    }

    @Test
    void anEmptyArrayHasNoItemsAndNoProblems() {
        Batch<LogEntry> batch = read(" [ ] ");
        assertEquals(Batch.Shape.ARRAY, batch.shape());
        assertEquals(List.of(), batch.items());
        assertTrue(batch.isValid());
    }

    @Test
    void aBrokenArrayKeepsTheItemsBeforeTheBreak() {
        String body = "[\n" + A + ",\n" + B + ",\n{\"app\":\"c\" \"when\":1},\n" + C + "\n]";
        Batch<LogEntry> batch = read(body);
        assertEquals(List.of("a", "b"), apps(batch));
        assertEquals(3, batch.items().size());
        BatchItem<LogEntry> broken = batch.items().get(2);
        assertEquals(2, broken.index());
        assertEquals(4, broken.line());
        assertNull(broken.value());
        assertTrue(broken.text().startsWith("{\"app\":\"c\" \"when\":1}"), broken.text());
        assertEquals(List.of("line 4: malformed JSON at column 12: Unexpected character ('\"' (code 34)): "
                + "was expecting comma to separate Object entries"), batch.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void anUnclosedArrayIsReportedAfterItsLastItem() {
        Batch<LogEntry> batch = read("[" + A + ",\n" + B);
        assertEquals(List.of("a", "b"), apps(batch));
        assertEquals(List.of("line 2: malformed JSON: unexpected end of input"),
                batch.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void contentAfterAClosedArrayIsAProblemOfTheBody() {
        Batch<LogEntry> batch = read("[" + A + "]\n\n{}");
        assertEquals(List.of("a"), apps(batch));
        assertEquals(List.of(new Problem(3, "", "unexpected content after the JSON array")), batch.problems());
    }

    @Test
    void readsNdjsonSkippingBlankLinesWithOrWithoutATrailingNewline() {
        for (String body : List.of(A + "\n" + B + "\n\n" + C + "\n", A + "\r\n" + B + "\r\n\r\n" + C, "\n" + A + "\n" + B + "\n   \n" + C)) {
            Batch<LogEntry> batch = read(body);
            assertEquals(Batch.Shape.NDJSON, batch.shape());
            assertTrue(batch.isValid(), batch.problems().toString());
            assertEquals(List.of(A, B, C), texts(batch));
            assertEquals(List.of("a", "b", "c"), apps(batch));
        }
        assertEquals(List.of(1, 2, 4), lines(read(A + "\n" + B + "\n\n" + C + "\n")));
        assertEquals(List.of(2, 3, 5), lines(read("\n" + A + "\n" + B + "\n   \n" + C)));
    }

    @Test
    void aBadLineInTheMiddleIsReportedWithItsLineWhileTheOthersParse() {
        String body = A + "\n" + B + "\n{\"app\":\"x\",\"when\":\"2024-01-15T10:00:00Z\",\"pri\":\"Urgent\"}\n"
                + "{oops}\n\n" + C + "\n";
        Batch<LogEntry> batch = read(body);
        assertEquals(List.of("a", "b", "c"), apps(batch));
        assertEquals(List.of(1, 2, 3, 4, 6), lines(batch));
        assertEquals(List.of(
                "line 3: pri: unknown priority \"Urgent\"",
                "line 4: malformed JSON at column 2: Unexpected character ('o' (code 111)): was expecting double-quote to start field name"),
                batch.problems().stream().map(Problem::toString).toList());
        assertFalse(batch.items().get(2).isValid());
        assertEquals("{oops}", batch.items().get(3).text());
        assertEquals(List.of(0, 1, 2, 3, 4), batch.items().stream().map(BatchItem::index).toList());
    }

    @Test
    void keepsTheOriginalBytesOfGoEscapesAndNonAsciiText() {
        String line = "{\"app\":\"caf\u00e9\",\"when\":\"2024-01-15T10:00:00Z\",\"msg\":\"\\u003ctag\\u003e \\u0026 \u20ac\"}";
        Batch<LogEntry> batch = read(line + "\n" + A);
        assertArrayEquals(line.getBytes(StandardCharsets.UTF_8), batch.items().get(0).raw());
        assertEquals("<tag> & \u20ac", batch.values().get(0).msg());
        assertEquals("caf\u00e9", batch.values().get(0).app());
    }

    @Test
    void skipsAUtf8ByteOrderMark() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] json = A.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[bom.length + json.length];
        System.arraycopy(bom, 0, body, 0, 3);
        System.arraycopy(json, 0, body, 3, json.length);
        Batch<LogEntry> batch = BatchReader.standard().read(body, FORMAT);
        assertTrue(batch.isValid());
        assertEquals(A, batch.items().get(0).text());
    }

    @Test
    void invalidUtf8IsAProblemOfItsLine() {
        byte[] body = (A + "\n{\"app\":\"\u00ff\",\"when\":\"2024-01-15T10:00:00Z\"}").getBytes(StandardCharsets.ISO_8859_1);
        Batch<LogEntry> batch = BatchReader.standard().read(body, FORMAT);
        assertEquals(List.of("a"), apps(batch));
        assertEquals(List.of("line 2: malformed JSON at column 10: Invalid UTF-8 start byte 0xff"),
                batch.problems().stream().map(Problem::toString).toList());
    }

    /**
     * Jackson decodes these instead of refusing them (HostileInputIT's utf8 cases): overlong
     * forms of '/' and NUL in 2, 3 and 4 bytes, code points above U+10FFFF. Refused in each shape
     * and on each path (the scanner's, the tree's, an array element's), as a problem of its line.
     */
    @Test
    void overlongAndOutOfRangeUtf8IsRefusedInEveryShape() {
        String good = "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\"}";
        for (String hex : List.of("c0af", "c080", "c1bf", "e080af", "e09fbf", "f08080af", "f08fbfbf", "f4908080", "f5808080")) {
            byte[] bad = concat("{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"msg\":\"", java.util.HexFormat.of().parseHex(hex), "\"}");
            Batch<LogEntry> single = BatchReader.standard().read(bad, FORMAT);
            assertEquals(List.of("line 1: malformed JSON at column 49: invalid UTF-8: overlong, surrogate or out-of-range sequence starting with byte 0x"
                    + hex.substring(0, 2)), single.problems().stream().map(Problem::toString).toList(), hex);
            Batch<LogEntryKeyParts> scanned = BatchReader.standard().read(concat(good + "\n", bad, "\n" + good), LogEntryFormat.keyScanner());
            assertEquals(List.of(2), scanned.problems().stream().map(Problem::line).toList(), hex);
            assertEquals(3, scanned.items().size(), hex);
            Batch<LogEntry> array = BatchReader.standard().read(concat("[" + good + ",\n", bad, "," + good + "]"), FORMAT);
            assertEquals(List.of(2), array.problems().stream().map(Problem::line).toList(), hex);
            assertEquals(List.of("a", "a"), apps(array), hex);
        }
        for (String hex : List.of("c3a9", "e282ac", "ed9fbf", "ee8080", "f09f9880", "f48fbfbf")) {
            byte[] fine = concat("{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"msg\":\"", java.util.HexFormat.of().parseHex(hex), "\"}");
            assertTrue(BatchReader.standard().read(fine, FORMAT).isValid(), hex);
            assertTrue(BatchReader.standard().read(fine, LogEntryFormat.keyScanner()).isValid(), hex);
        }
    }

    @Test
    void theUtf8CheckFindsTheFirstBadByteAtAnyAlignment() {
        for (int pad = 0; pad < 20; pad++) {
            byte[] bytes = concat("x".repeat(pad), new byte[] {(byte) 0xC0, (byte) 0xAF}, "y".repeat(9));
            assertEquals(pad, BatchReader.firstInvalidUtf8(bytes, 0, bytes.length), "pad " + pad);
            byte[] truncated = concat("x".repeat(pad), new byte[] {(byte) 0xE2, (byte) 0x82}, "");
            assertEquals(pad, BatchReader.firstInvalidUtf8(truncated, 0, truncated.length), "pad " + pad);
            byte[] fine = concat("x".repeat(pad), "\u20ac\uD83D\uDE00".getBytes(StandardCharsets.UTF_8), "y".repeat(9));
            assertEquals(-1, BatchReader.firstInvalidUtf8(fine, 0, fine.length), "pad " + pad);
        }
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] c = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(middle, 0, all, a.length, middle.length);
        System.arraycopy(c, 0, all, a.length + middle.length, c.length);
        return all;
    }

    @Test
    void theDepthLimitIsConfigurableAndMeansTheSameInEveryShape() {
        String depth3 = "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"x\":[{}]}";
        BatchReader three = new BatchReader(3);
        BatchReader two = new BatchReader(2);
        for (String body : List.of(depth3, "[" + depth3 + "]", depth3 + "\n" + depth3, "{\n\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"x\":[{}]}")) {
            assertTrue(three.read(body.getBytes(StandardCharsets.UTF_8), FORMAT).isValid(), body);
            Batch<LogEntry> refused = two.read(body.getBytes(StandardCharsets.UTF_8), FORMAT);
            assertFalse(refused.isValid(), body);
            assertEquals("JSON nested deeper than 2 levels", refused.problems().get(0).reason());
        }
        assertEquals(3, three.maxDepth());
        assertThrows(IllegalArgumentException.class, () -> new BatchReader(0));
    }

    @Test
    void aHostilelyDeepBodyIsAProblemNotAStackOverflow() {
        String deep = "[".repeat(100_000);
        Batch<LogEntry> batch = read(A + "\n{\"app\":" + deep + "\n" + B);
        assertEquals(List.of("a", "b"), apps(batch));
        assertEquals(List.of("line 2: JSON nested deeper than 64 levels"), batch.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void parseGivesOneValueOrThrowsWithEveryProblem() {
        assertEquals("a", FORMAT.parse(A).app());
        InvalidLogException bad = assertThrows(InvalidLogException.class, () -> FORMAT.parse("{\"pri\":\"x\"}"));
        assertEquals(List.of("line 1: app: required", "line 1: pri: unknown priority \"x\"", "line 1: when: required"),
                bad.problems().stream().map(Problem::toString).toList());
        assertEquals("line 1: app: required; line 1: pri: unknown priority \"x\"; line 1: when: required", bad.getMessage());
        InvalidLogException two = assertThrows(InvalidLogException.class, () -> FORMAT.parse(A + "\n" + B));
        assertEquals("line 1: expected one JSON object, got newline-delimited JSON", two.getMessage());
        InvalidLogException array = assertThrows(InvalidLogException.class, () -> FORMAT.parse("[" + A + "]"));
        assertEquals("line 1: expected one JSON object, got a JSON array", array.getMessage());
        InvalidLogException empty = assertThrows(InvalidLogException.class, () -> FORMAT.parse(""));
        assertEquals("line 1: expected one JSON object, got an empty body", empty.getMessage());
    }

    @Test
    void problemsPrintWithLinePathAndReason() {
        assertEquals("line 3: pri: unknown priority \"Urgent\"", new Problem(3, "pri", "unknown priority \"Urgent\"").toString());
        assertEquals("line 1: empty body", new Problem(1, "", "empty body").toString());
    }

    @Test
    void longValuesAreCutInMessages() {
        String longName = "U".repeat(1000);
        Batch<LogEntry> batch = read("{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"pri\":\"" + longName + "\"}");
        assertEquals("unknown priority \"" + "U".repeat(64) + "\"...", batch.problems().get(0).reason());
    }
}
