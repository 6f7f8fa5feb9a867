package io.harbour.model.logharbour;

import io.harbour.model.Batch;
import io.harbour.model.BatchItem;
import io.harbour.model.BatchReader;
import io.harbour.model.Documents;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The key scanner must read every body exactly as the format does (same shape, items, lines,
 * bytes and problems, and the key fields of the format's value), whichever items it passes
 * itself. Checked on hand-picked edge cases and on many random mutations of real entries.
 */
class LogEntryScannerTest {
    private static final String PLAIN = "{\"id\":\"2kF3\",\"app\":\"Shop\",\"system\":\"vm\",\"module\":\"orders\",\"type\":\"A\","
            + "\"pri\":\"Info\",\"when\":\"2026-11-23T05:56:38.427582317Z\",\"who\":\"u1\",\"op\":\"create\",\"class\":\"Order\","
            + "\"instance\":\"456\",\"remote_ip\":\"203.0.113.45\",\"msg\":\"placed \\u003cb\\u003e\","
            + "\"data\":{\"activity_data\":\"{\\\"items\\\":3}\"},\"trace_id\":\"t1\",\"span_id\":\"s1\"}";

    private static final List<String> CASES = List.of(
            PLAIN,
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\"}",
            "{\"app\":\"\",\"when\":\"2024-01-15T10:00:00Z\"}",
            "{\"when\":\"2024-01-15T10:00:00Z\"}",
            "{\"app\":\"a\"}",
            "{\"app\":\"a\",\"app\":\"b\",\"when\":\"2024-01-15T10:00:00Z\"}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"extra\":{\"x\":1,\"x\":2}}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"extra\":[1,2,{\"y\":null}]}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"status\":1}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"status\":0}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"status\":-0}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"status\":2}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"status\":1.0}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"status\":\"1\"}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"status\":99999999999999999999999}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"status\":null}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"id\":null}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"pri\":\"WARN\"}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"pri\":\"loud\"}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"type\":\"a\"}",
            "{\"app\":\"a\",\"when\":\"2024-01-15 10:00:00\"}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"remote_ip\":\"LOCAL\"}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"remote_ip\":\"::1\"}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"remote_ip\":\"300.1.1.1\"}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"data\":\"old style\"}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"data\":{}}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"data\":{\"activity_data\":null}}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"data\":{\"activity_data\":\"x\",\"debug_data\":{}}}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"data\":{\"other\":\"x\"}}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"data\":{\"change_data\":{\"entity\":\"e\",\"changes\":[{\"field\":\"f\",\"old_value\":1,\"new_value\":null}]}}}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"data\":[]}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"msg\":\"tab\tinside\"}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"msg\":\"bad escape \\q\"}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"who\":\"bell \u0007 raw\"}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"msg\":\"bad \\u12G4 escape\"}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"span_id\":\"s\",\"\":\"empty name after the last\"}",
            "{\"\":\"empty name first\",\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\"}",
            "{\"span_id\":\"s\",\"trace_id\":\"t\",\"msg\":\"m\",\"when\":\"2024-01-15T10:00:00Z\",\"app\":\"a\",\"id\":\"i\"}",
            "{\"app\":\"a\",\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\"}",
            "{\"id\":\"1\",\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"id\":\"2\"}",
            "{\"a\\u0070p\":\"escaped name\",\"when\":\"2024-01-15T10:00:00Z\"}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"msg\":\"\\ud83d\\ude00 ok\"}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\"} {\"app\":\"b\",\"when\":\"2024-01-15T10:00:00Z\"}",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\"} trailing",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\"",
            "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",}",
            "{'app':'a'}",
            "[]",
            "\"just a string\"",
            "42",
            "null");

    @Test
    void everyCaseReadsAsTheFormatReadsIt() {
        for (String line : CASES) {
            assertSame(line);
            assertSame(line + "\n");
            assertSame(line + "\n" + PLAIN + "\n\n" + line + "\r\n");
            assertSame(PLAIN + "\n" + line);
            assertSame("[" + line + "," + PLAIN + "]");
        }
    }

    @Test
    void theReferenceExamplesReadAsTheFormatReadsThem() {
        StringBuilder ndjson = new StringBuilder();
        for (String example : Documents.referenceExamples()) {
            assertSame(example);
            ndjson.append(example).append('\n');
        }
        assertSame(ndjson.toString());
    }

    @Test
    void plainEntriesTakeTheBytePath() {
        assertEquals(LogEntryKeyParts.of("Shop", "Order", "456"),
                LogEntryScanner.INSTANCE.scanBytes(PLAIN.getBytes(StandardCharsets.UTF_8), 0, PLAIN.length(), 64));
        int taken = 0;
        for (String line : CASES) {
            taken += GoLineScannerTest.checkLines(line.getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(taken >= 10, "hand-picked cases taken by the byte path: " + taken);
    }

    @Test
    void plainEntriesAreScannedNotOnlyReadAsTrees() {
        LogEntryScanner scanner = LogEntryScanner.INSTANCE;
        assertEquals(LogEntryKeyParts.of("Shop", "Order", "456"), scanned(scanner, PLAIN));
        assertEquals(LogEntryKeyParts.of("a", null, null), scanned(scanner, "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\"}"));
        assertEquals(null, scanned(scanner, "{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00Z\",\"x\":1}"));
        // The Go library's order is only a guess: fields in any order are scanned all the same.
        assertEquals(LogEntryKeyParts.of("a", "C", "7"), scanned(scanner,
                "{\"instance\":\"7\",\"msg\":\"m\",\"when\":\"2024-01-15T10:00:00Z\",\"class\":\"C\",\"app\":\"a\",\"id\":\"i\"}"));
    }

    @Test
    void randomMutationsOfEntriesReadAsTheFormatReadsThem() {
        Random random = new Random(20261123);
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(PLAIN.getBytes(StandardCharsets.UTF_8));
        for (String example : Documents.referenceExamples()) {
            seeds.add(example.getBytes(StandardCharsets.UTF_8));
        }
        for (String c : CASES) {
            seeds.add(c.getBytes(StandardCharsets.UTF_8));
        }
        byte[] alphabet = "{}[]\":,\\ \n0123456789-.eEtrufalsnAUCDZT+:xyz\u00e9".getBytes(StandardCharsets.UTF_8);
        String[] fragments = {"null", "1", "0", "\"\"", "{}", "[]", "\"app\":\"b\",", "\"when\":\"x\",", "\"status\":1,",
            "\"zz\":2,", "\"data\":{},", "\"\\u0000\"", "\"\\ud800\"", "\u00ff", "\"pri\":\"DEBUG3\","};
        int scannedValid = 0;
        int bytePathLines = 0;
        for (int round = 0; round < 5_000; round++) {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int edits = 1 + random.nextInt(3);
            byte[] mutated = seed;
            for (int e = 0; e < edits; e++) {
                mutated = mutate(mutated, random, alphabet, fragments);
            }
            out.writeBytes(mutated);
            if (random.nextBoolean()) {
                out.write('\n');
                out.writeBytes(seeds.get(random.nextInt(seeds.size())));
            }
            Batch<LogEntryKeyParts> batch = assertSame(out.toByteArray());
            scannedValid += (int) batch.items().stream().filter(BatchItem::isValid).count();
            bytePathLines += GoLineScannerTest.checkLines(out.toByteArray());
        }
        assertTrue(scannedValid > 1_000, "enough valid items to mean something: " + scannedValid);
        assertTrue(bytePathLines > 500, "enough lines take the byte path to mean something: " + bytePathLines);
    }

    private static byte[] mutate(byte[] in, Random random, byte[] alphabet, String[] fragments) {
        int at = random.nextInt(in.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(5)) {
            case 0 -> { // delete a run
                int n = Math.min(in.length - Math.min(at, in.length), 1 + random.nextInt(4));
                out.write(in, 0, at);
                out.write(in, Math.min(at + n, in.length), in.length - Math.min(at + n, in.length));
            }
            case 1 -> { // insert a byte
                out.write(in, 0, at);
                out.write(alphabet[random.nextInt(alphabet.length)]);
                out.write(in, at, in.length - at);
            }
            case 2 -> { // replace a byte, sometimes with a byte that is not UTF-8
                out.writeBytes(in);
                byte[] b = out.toByteArray();
                if (b.length > 0) {
                    b[Math.min(at, b.length - 1)] = random.nextInt(4) == 0 ? (byte) (0x80 + random.nextInt(128)) : alphabet[random.nextInt(alphabet.length)];
                }
                return b;
            }
            case 3 -> { // insert a fragment after a '{' or ','
                int pos = indexOfAny(in, at);
                out.write(in, 0, pos);
                out.writeBytes(fragments[random.nextInt(fragments.length)].getBytes(StandardCharsets.UTF_8));
                out.write(in, pos, in.length - pos);
            }
            default -> { // swap in a value-ish fragment anywhere
                out.write(in, 0, at);
                out.writeBytes(fragments[random.nextInt(fragments.length)].getBytes(StandardCharsets.UTF_8));
                out.write(in, at, in.length - at);
            }
        }
        return out.toByteArray();
    }

    private static int indexOfAny(byte[] in, int from) {
        for (int i = from; i < in.length; i++) {
            if (in[i] == '{' || in[i] == ',') {
                return i + 1;
            }
        }
        return in.length;
    }

    private static LogEntryKeyParts scanned(LogEntryScanner scanner, String json) {
        try (var parser = com.fasterxml.jackson.core.JsonFactory.builder().build().createParser(json)) {
            return scanner.scan(parser);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static Batch<LogEntryKeyParts> assertSame(String body) {
        return assertSame(body.getBytes(StandardCharsets.UTF_8));
    }

    private static Batch<LogEntryKeyParts> assertSame(byte[] body) {
        // Line by line, the byte path alone: null or the format's reading, at every depth.
        GoLineScannerTest.checkLines(body);
        for (BatchReader reader : List.of(BatchReader.standard(), new BatchReader(1), new BatchReader(2))) {
            String what = new String(body, StandardCharsets.UTF_8);
            Batch<LogEntry> tree;
            try {
                tree = reader.read(body, LogEntryFormat.INSTANCE);
            } catch (RuntimeException e) {
                // Some malformed numbers escape the tree reading as exceptions (not this scanner's
                // doing): the scanned reading must then fail the same way.
                RuntimeException scannedFailure = assertThrows(RuntimeException.class,
                        () -> reader.read(body, LogEntryFormat.keyScanner()), what);
                assertEquals(e.getClass(), scannedFailure.getClass(), what);
                assertEquals(e.getMessage(), scannedFailure.getMessage(), what);
                continue;
            }
            Batch<LogEntryKeyParts> scanned = reader.read(body, LogEntryFormat.keyScanner());
            assertEquals(tree.shape(), scanned.shape(), what);
            assertEquals(tree.problems(), scanned.problems(), what);
            assertEquals(tree.items().size(), scanned.items().size(), what);
            for (int i = 0; i < tree.items().size(); i++) {
                BatchItem<LogEntry> t = tree.items().get(i);
                BatchItem<LogEntryKeyParts> s = scanned.items().get(i);
                assertEquals(t.index(), s.index(), what);
                assertEquals(t.line(), s.line(), what);
                assertArrayEquals(t.raw(), s.raw(), what);
                assertEquals(t.problems(), s.problems(), what);
                assertEquals(t.value() == null ? null : LogEntryKeyParts.of(t.value()), s.value(), what);
            }
        }
        try {
            return BatchReader.standard().read(body, LogEntryFormat.keyScanner());
        } catch (RuntimeException e) {
            return new Batch<>(Batch.Shape.EMPTY, List.of(), List.of());
        }
    }
}
