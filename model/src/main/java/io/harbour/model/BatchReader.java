package io.harbour.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a request body into items and reads each with a {@link WireFormat}.
 *
 * <p>A body is one JSON value, a JSON array of values, or NDJSON (one value per line, blank lines
 * skipped). Bad JSON is a problem of its item, never an exception: on an NDJSON line it costs that
 * line only; inside an array the parser cannot find the next element again, so the items before
 * it are kept and the rest of the body becomes one failed item. Nesting deeper than
 * {@link #maxDepth()} is refused while parsing, before a tree is built, so a hostile body cannot
 * exhaust the stack or the heap.
 *
 * <p>Tell a pretty-printed single object from NDJSON by its first line: a first line that ends
 * inside an unfinished value, or that fails alone while the whole body reads as one value, means
 * the body is one multi-line value.
 */
public final class BatchReader {
    public static final int DEFAULT_MAX_DEPTH = 64;

    private static final BatchReader STANDARD = new BatchReader(DEFAULT_MAX_DEPTH);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private final int maxDepth;
    private final ObjectMapper itemMapper;
    /** Reads items without the parser's duplicate tracking; see {@link #parse}. */
    private final ObjectMapper fastItemMapper;
    /** One level more, for the array that holds the items, so the limit means the same in every shape. */
    private final ObjectMapper arrayMapper;

    public BatchReader(int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, got " + maxDepth);
        }
        this.maxDepth = maxDepth;
        this.itemMapper = Json.newMapper(maxDepth);
        this.fastItemMapper = Json.newTreeMapper(maxDepth);
        this.arrayMapper = Json.newMapper(maxDepth + 1);
    }

    /** A reader with {@link #DEFAULT_MAX_DEPTH}. */
    public static BatchReader standard() {
        return STANDARD;
    }

    public int maxDepth() {
        return maxDepth;
    }

    public <T> Batch<T> read(byte[] body, WireFormat<T> format) {
        return read(body, new TreeOnly<>(format));
    }

    /**
     * Like {@link #read(byte[], WireFormat)}, with the same items, lines, problems and messages,
     * but each valid item carries the scanner's summary instead of the format's value. NDJSON lines
     * (and a single value on one line) are first tried with {@link ItemScanner#scanBytes}, then
     * {@link ItemScanner#scan}, which need no tree; a line the scanner is not sure of, and every
     * element of an array, is read as {@link #read(byte[], WireFormat)} reads it.
     */
    public <T, S> Batch<S> read(byte[] body, ItemScanner<T, S> scanner) {
        int start = hasUtf8Bom(body) ? 3 : 0;
        int first = skipWhitespace(body, start, body.length);
        if (first == body.length) {
            return new Batch<>(Batch.Shape.EMPTY, List.of(), List.of(new Problem(1, "", "empty body")));
        }
        int firstLine = 1 + countNewlines(body, start, first);
        if (body[first] == '[') {
            return readArray(body, first, firstLine, scanner);
        }
        int firstEnd = lineEnd(body, first);
        S scanned = scan(scanner, body, first, trimEnd(body, first, firstEnd));
        if (scanned != null) {
            // One complete valid value on the first line: the tree's reading would be NDJSON too.
            return readLines(body, start, first, null, scanned, scanner);
        }
        Parsed head = parse(itemMapper, body, first, firstEnd, firstLine);
        // Jackson reports some truncations as plain syntax errors, so a first line that fails is
        // also tried as the start of one multi-line value before the body counts as NDJSON.
        if (head.incomplete || head.node == null && parse(itemMapper, body, first, trimEnd(body, first, body.length), firstLine).node != null) {
            return readSingle(body, first, firstLine, scanner);
        }
        return readLines(body, start, first, head, null, scanner);
    }

    private <T, S> Batch<S> readSingle(byte[] body, int first, int line, ItemScanner<T, S> scanner) {
        int end = trimEnd(body, first, body.length);
        BatchItem<S> item = item(scanner, 0, line, body, first, end,
                parse(itemMapper, body, first, end, line));
        return new Batch<>(Batch.Shape.SINGLE, List.of(item), item.problems());
    }

    /**
     * The line starting at {@code first} was already read to tell the layout: {@code head} is its
     * tree, or {@code scannedHead} its summary.
     */
    private <T, S> Batch<S> readLines(byte[] body, int start, int first, Parsed head, S scannedHead, ItemScanner<T, S> scanner) {
        List<BatchItem<S>> items = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        int line = 0;
        for (int pos = start; pos < body.length; ) {
            line++;
            int end = lineEnd(body, pos);
            int from = skipWhitespace(body, pos, end);
            int to = trimEnd(body, from, end);
            if (from < to) {
                S scanned = from == first ? scannedHead : scan(scanner, body, from, to);
                BatchItem<S> item;
                if (scanned != null) {
                    item = new BatchItem<>(items.size(), line, Arrays.copyOfRange(body, from, to), scanned, List.of());
                } else {
                    Parsed parsed = from == first && head != null ? head : parse(itemMapper, body, from, to, line);
                    item = item(scanner, items.size(), line, body, from, to, parsed);
                    problems.addAll(item.problems());
                }
                items.add(item);
            }
            pos = end + 1;
        }
        Batch.Shape shape = items.size() == 1 ? Batch.Shape.SINGLE : Batch.Shape.NDJSON;
        return new Batch<>(shape, items, problems);
    }

    private <T, S> Batch<S> readArray(byte[] body, int first, int firstLine, ItemScanner<T, S> scanner) {
        if (jacksonWouldGuessAnotherEncoding(body, first, body.length)) {
            // Not UTF-8 JSON; the strict reading has no byte offsets to split elements by, and needs none.
            int end = trimEnd(body, first, body.length);
            BatchItem<S> item = item(scanner, 0, firstLine, body, first, end, parse(arrayMapper, body, first, end, firstLine));
            return new Batch<>(Batch.Shape.ARRAY, List.of(item), item.problems());
        }
        List<BatchItem<S>> items = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        int resume = first + 1;
        int closedAt;
        JsonParser parser = newParser(arrayMapper, body, first, body.length);
        try (parser) {
            parser.nextToken();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw new JsonEOFException(parser, null, "end of input inside the array");
                }
                JsonLocation at = parser.currentTokenLocation();
                int from = first + (int) at.getByteOffset();
                int line = lineOf(body, first, at, firstLine);
                JsonNode node = arrayMapper.readTree(parser);
                int to = first + (int) parser.currentLocation().getByteOffset();
                BatchItem<S> item = item(scanner, items.size(), line, body, from, to, Parsed.of(node));
                items.add(item);
                problems.addAll(item.problems());
                resume = to;
            }
            closedAt = first + (int) parser.currentLocation().getByteOffset();
        } catch (IOException | NumberFormatException e) {
            Parsed failure = e instanceof IOException io ? failure(io, parser, body, first, firstLine)
                    : numberFailure((NumberFormatException) e, parser, body, first, firstLine);
            int from = skipSeparators(body, resume);
            int to = trimEnd(body, from, body.length);
            BatchItem<S> item = item(scanner, items.size(), failure.line, body, from, to, failure);
            items.add(item);
            problems.addAll(item.problems());
            return new Batch<>(Batch.Shape.ARRAY, items, problems);
        }
        int trailing = skipWhitespace(body, closedAt, body.length);
        if (trailing < body.length) {
            problems.add(new Problem(firstLine + countNewlines(body, first, trailing), "",
                    "unexpected content after the JSON array"));
        }
        return new Batch<>(Batch.Shape.ARRAY, items, problems);
    }

    /** The scanner's summary of {@code body[from, to)}, or null when it is not sure (or has none). */
    private <T, S> S scan(ItemScanner<T, S> scanner, byte[] body, int from, int to) {
        if (scanner instanceof TreeOnly || jacksonWouldGuessAnotherEncoding(body, from, to)
                || firstInvalidUtf8(body, from, to) >= 0) {
            return null; // the tree reading reports the bad bytes with their line
        }
        try {
            S fast = scanner.scanBytes(body, from, to, maxDepth); // relies on the UTF-8 check above
            if (fast != null) {
                return fast;
            }
        } catch (RuntimeException e) {
            return null; // the format reads it, and words whatever is wrong
        }
        try (JsonParser parser = fastItemMapper.getFactory().createParser(body, from, to - from)) {
            return scanner.scan(parser);
        } catch (IOException | RuntimeException e) {
            return null; // the format reads it, and words whatever is wrong
        }
    }

    private static <T, S> BatchItem<S> item(ItemScanner<T, S> scanner, int index, int line,
                                            byte[] body, int from, int to, Parsed parsed) {
        byte[] raw = Arrays.copyOfRange(body, from, to);
        if (parsed.node != null) {
            int bad = firstInvalidUtf8(body, from, to);
            if (bad >= 0) {
                parsed = invalidUtf8(body, from, bad, line);
            }
        }
        if (parsed.node == null) {
            return new BatchItem<>(index, line, raw, null,
                    List.of(new Problem(parsed.line, "", parsed.reason)));
        }
        Checked<T> checked = scanner.format().read(parsed.node, line);
        S value = checked.value() == null ? null : scanner.summarize(checked.value());
        return new BatchItem<>(index, line, raw, value, checked.problems());
    }

    /**
     * Parses {@code body[from, to)} as exactly one JSON value. The common case, a well-formed
     * value, is read once by the cheaper tree mapper (duplicate names still fail it); anything it
     * does not read cleanly is read again by {@code mapper}, whose outcome and messages are the
     * answer, so failures are reported exactly as the strict parser words them.
     */
    private Parsed parse(ObjectMapper mapper, byte[] body, int from, int to, int line) {
        if (mapper == itemMapper) {
            JsonParser fast = newParser(fastItemMapper, body, from, to);
            try (fast) {
                JsonNode node = fastItemMapper.readTree(fast);
                if (node != null && fast.nextToken() == null) {
                    return Parsed.of(node);
                }
            } catch (IOException | RuntimeException e) {
                // read again below, by the strict mapper
            }
        }
        JsonParser parser = newParser(mapper, body, from, to);
        try (parser) {
            JsonNode node = mapper.readTree(parser);
            if (node == null || node.isMissingNode()) {
                return Parsed.failed(line, "no JSON value", false);
            }
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                return Parsed.failed(lineOf(body, from, at, line),
                        "unexpected content after the JSON value at column " + at.getColumnNr(), false);
            }
            return Parsed.of(node);
        } catch (IOException e) {
            return failure(e, parser, body, from, line);
        } catch (NumberFormatException e) {
            return numberFailure(e, parser, body, from, line);
        }
    }

    /**
     * Jackson reads floats as BigDecimal here and BigDecimal refuses an exponent beyond an int
     * ({@code 1e99999999999}) with a NumberFormatException, not a parse error: still the sender's
     * mistake, so still a problem of its line, never a 500.
     */
    private static Parsed numberFailure(NumberFormatException e, JsonParser parser, byte[] body, int from, int lineBase) {
        JsonLocation at = parser.currentLocation();
        int line = lineOf(body, from, at, lineBase);
        return Parsed.failed(line, "number out of range at column " + at.getColumnNr() + ": "
                + JacksonMessages.clean(e.getMessage()), false);
    }

    private Parsed failure(IOException e, JsonParser parser, byte[] body, int from, int lineBase) {
        JsonLocation at = e instanceof JsonProcessingException && ((JsonProcessingException) e).getLocation() != null
                ? ((JsonProcessingException) e).getLocation()
                : parser.currentLocation();
        int line = lineOf(body, from, at, lineBase);
        if (e instanceof JsonEOFException) {
            return Parsed.failed(line, "malformed JSON: unexpected end of input", true);
        }
        if (e instanceof StreamConstraintsException) {
            String message = String.valueOf(e.getMessage());
            return Parsed.failed(line, message.contains("nesting depth")
                    ? "JSON nested deeper than " + maxDepth + " levels"
                    : "JSON value too large: " + JacksonMessages.clean(message), false);
        }
        String detail = e instanceof JsonProcessingException
                ? JacksonMessages.clean(((JsonProcessingException) e).getOriginalMessage())
                : JacksonMessages.clean(e.getMessage());
        return Parsed.failed(line, "malformed JSON at column " + at.getColumnNr() + ": " + detail, false);
    }

    /**
     * Jackson guesses the encoding of bytes from their start: a zero byte among the first four, or
     * a UTF-16 byte order mark, makes it read UTF-16 or UTF-32 (or refuse to open at all,
     * "Unsupported UCS-4 endianness"). The wire format is UTF-8 (RFC 8259), so such bytes are read
     * as strict UTF-8 instead and fail like any other malformed line. Found by BatchReaderFuzzTest
     * (regression inputs extraHopLogs/crash-b9b382e9..., observations/crash-f8d64315...,
     * shallowReader/crash-738e5d64...) and HostileInputIT (utf16-body).
     */
    private static boolean jacksonWouldGuessAnotherEncoding(byte[] body, int from, int to) {
        for (int i = from; i < Math.min(to, from + 4); i++) {
            if (body[i] == 0) {
                return true;
            }
        }
        return to - from >= 2 && ((body[from] & 0xff) == 0xFE && (body[from + 1] & 0xff) == 0xFF
                || (body[from] & 0xff) == 0xFF && (body[from + 1] & 0xff) == 0xFE);
    }

    /**
     * The index of the first byte in {@code body[from, to)} that does not start a well-formed
     * UTF-8 sequence (RFC 3629, table 3-7 of Unicode), or -1. Jackson's byte parser checks only
     * that continuation bytes look like continuation bytes, so it decodes overlong forms
     * ({@code C0 AF} as '/', {@code E0 80 AF}, {@code F0 80 80 AF}) and sequences above U+10FFFF
     * ({@code F4 90 ..}, {@code F5 ..}) instead of refusing them; a value it parsed is checked
     * here before it counts as valid (found by HostileInputIT's utf8 cases). ASCII, the common
     * case, is skipped eight bytes a step.
     */
    static int firstInvalidUtf8(byte[] body, int from, int to) {
        int i = from;
        while (i < to) {
            if (i + 8 <= to && ((long) LONGS.get(body, i) & HIGHS) == 0) {
                i += 8;
                continue;
            }
            int b = body[i] & 0xff;
            if (b < 0x80) {
                i++;
                continue;
            }
            int more;
            int low = 0x80;
            int high = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                more = 1;
            } else if (b == 0xE0) {
                more = 2;
                low = 0xA0; // below: an overlong 3-byte form
            } else if (b == 0xED) {
                more = 2;
                high = 0x9F; // above: a UTF-16 surrogate
            } else if (b >= 0xE1 && b <= 0xEF) {
                more = 2;
            } else if (b == 0xF0) {
                more = 3;
                low = 0x90; // below: an overlong 4-byte form
            } else if (b >= 0xF1 && b <= 0xF3) {
                more = 3;
            } else if (b == 0xF4) {
                more = 3;
                high = 0x8F; // above: beyond U+10FFFF
            } else {
                return i; // 80-C1 (a stray continuation or an overlong 2-byte form), F5-FF
            }
            if (to - i <= more) {
                return i;
            }
            int second = body[i + 1] & 0xff;
            if (second < low || second > high) {
                return i;
            }
            for (int k = 2; k <= more; k++) {
                if ((body[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += more + 1;
        }
        return -1;
    }

    /** The problem of a value that parsed but holds the ill-formed UTF-8 sequence at {@code bad}. */
    private static Parsed invalidUtf8(byte[] body, int from, int bad, int lineBase) {
        int lineStart = bad;
        while (lineStart > 0 && body[lineStart - 1] != '\n') {
            lineStart--;
        }
        return Parsed.failed(lineBase + countNewlines(body, from, bad), "malformed JSON at column " + (bad - lineStart + 1)
                + ": invalid UTF-8: overlong, surrogate or out-of-range sequence starting with byte 0x"
                + Integer.toHexString(body[bad] & 0xff), false);
    }

    private static JsonParser strictUtf8Parser(ObjectMapper mapper, byte[] body, int from, int to) throws IOException {
        return mapper.createParser(new InputStreamReader(new ByteArrayInputStream(body, from, to - from),
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    private static JsonParser newParser(ObjectMapper mapper, byte[] body, int from, int to) {
        try {
            if (jacksonWouldGuessAnotherEncoding(body, from, to)) {
                return strictUtf8Parser(mapper, body, from, to);
            }
            return mapper.createParser(body, from, to - from);
        } catch (CharConversionException e) {
            try {
                return strictUtf8Parser(mapper, body, from, to);
            } catch (IOException again) {
                throw new UncheckedIOException("a parser over bytes in memory cannot fail to open", again);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a parser over bytes in memory cannot fail to open", e);
        }
    }

    private static boolean hasUtf8Bom(byte[] body) {
        return body.length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private static int skipWhitespace(byte[] body, int from, int to) {
        while (from < to && isWhitespace(body[from])) {
            from++;
        }
        return from;
    }

    /** Past whitespace and at most one comma: where the element after a complete one begins. */
    private static int skipSeparators(byte[] body, int from) {
        int pos = skipWhitespace(body, from, body.length);
        if (pos < body.length && body[pos] == ',') {
            pos = skipWhitespace(body, pos + 1, body.length);
        }
        return pos;
    }

    private static int trimEnd(byte[] body, int from, int to) {
        while (to > from && isWhitespace(body[to - 1])) {
            to--;
        }
        return to;
    }

    /** The index of the next {@code '\n'} at or after {@code from}, or the body's length; eight bytes a step. */
    private static int lineEnd(byte[] body, int from) {
        int limit = body.length - 7;
        while (from < limit) {
            long x = (long) LONGS.get(body, from) ^ NEWLINES;
            // The lowest byte of x that is zero (a newline) sets the lowest flag; see "haszero".
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                return from + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            from += 8;
        }
        while (from < body.length && body[from] != '\n') {
            from++;
        }
        return from;
    }

    /**
     * The body's line (lines end at LF, as NDJSON's do) of a Jackson location in the value that
     * starts at {@code from} on line {@code lineBase}. Jackson also ends a line at a lone CR, so its
     * own line number could name a line the body does not have (BatchReaderFuzzTest,
     * shallowReader/crash-6a848ef3...): count LFs up to its byte offset instead, where it has one.
     */
    private static int lineOf(byte[] body, int from, JsonLocation at, int lineBase) {
        long offset = at.getByteOffset();
        if (offset >= 0) {
            return lineBase + countNewlines(body, from, (int) Math.min(body.length, from + offset));
        }
        return Math.min(lineBase + Math.max(at.getLineNr(), 1) - 1, lineBase + countNewlines(body, from, body.length));
    }

    private static int countNewlines(byte[] body, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (body[i] == '\n') {
                count++;
            }
        }
        return count;
    }

    /** No scanning: every item is read by the format, and its value is its own summary. */
    private record TreeOnly<T>(WireFormat<T> format) implements ItemScanner<T, T> {
        @Override
        public T scan(JsonParser parser) {
            return null;
        }

        @Override
        public T summarize(T value) {
            return value;
        }
    }

    /** A parsed value, or why there is none and where. */
    private static final class Parsed {
        final JsonNode node;
        final int line;
        final String reason;
        final boolean incomplete;

        private Parsed(JsonNode node, int line, String reason, boolean incomplete) {
            this.node = node;
            this.line = line;
            this.reason = reason;
            this.incomplete = incomplete;
        }

        static Parsed of(JsonNode node) {
            return new Parsed(node, 0, null, false);
        }

        static Parsed failed(int line, String reason, boolean incomplete) {
            return new Parsed(null, line, reason, incomplete);
        }
    }
}
