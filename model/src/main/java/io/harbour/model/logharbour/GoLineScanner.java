package io.harbour.model.logharbour;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Month;
import java.time.Year;

/**
 * Checks one LogHarbour entry straight from its bytes, for the line exactly as the Go library
 * writes it: {@code {"name":value,...}} with no whitespace anywhere. Why: a warm profile of the
 * receiver showed Jackson's streaming parse of each NDJSON line (a parser per line, field names,
 * string tokens) at about 28 % of its CPU, though the common line needs no more than a walk over
 * its bytes.
 *
 * <p>The rules are {@link LogEntryScanner}'s, or stricter: known fields only, each at most once,
 * each a string except {@code status} (the single digit {@code 0} or {@code 1}) and {@code data}
 * (a string, {@code {}}, or {@code {"activity_data":string}}, the objects only when the nesting
 * limit allows two levels); {@code app} and {@code when} present; a string holds no raw control
 * character and only valid escapes; the strings the format checks ({@code app}, {@code class},
 * {@code instance}, {@code type}, {@code pri}, {@code when}, {@code remote_ip}) hold no escape at
 * all and pass the very same parse methods. Anything else (whitespace, an escaped name, another
 * number form, a long line) returns null and is left to {@link LogEntryScanner} and the format.
 * The caller has checked the bytes are well-formed UTF-8, so a string without escapes decodes
 * exactly as Jackson decodes it.
 */
final class GoLineScanner {
    /**
     * Longer lines are left to Jackson, which refuses strings beyond its own limit (20 million
     * characters by default); far below it, and far above any entry a sender writes.
     */
    static final int MAX_LINE = 1 << 20;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;

    // Indexes into LogEntryScanner.GO_ORDER.
    private static final int APP = 1;
    private static final int TYPE = 4;
    private static final int PRI = 5;
    private static final int WHEN = 6;
    private static final int CLASS = 9;
    private static final int INSTANCE = 10;
    private static final int STATUS = 11;
    private static final int REMOTE_IP = 13;
    private static final int DATA = 15;
    private static final int REQUIRED = 1 << APP | 1 << WHEN;

    /**
     * Each name with its closing quote and the colon, so one comparison checks where it ends too;
     * as bytes, and as two little-endian words with a mask of the bytes that count (at most 16).
     */
    private static final byte[][] NAMES = new byte[LogEntryScanner.GO_ORDER.length][];
    private static final long[] NAME_LOW = new long[NAMES.length];
    private static final long[] NAME_LOW_MASK = new long[NAMES.length];
    private static final long[] NAME_HIGH = new long[NAMES.length];
    private static final long[] NAME_HIGH_MASK = new long[NAMES.length];
    private static final byte[] ACTIVITY_DATA = "\"activity_data\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] TYPES = new byte[EntryType.values().length][];
    private static final byte[][] PRIORITIES = new byte[Priority.values().length][];

    static {
        for (int i = 0; i < NAMES.length; i++) {
            byte[] name = (LogEntryScanner.GO_ORDER[i] + "\":").getBytes(StandardCharsets.US_ASCII);
            if (name.length > 16) {
                throw new AssertionError("a name longer than two words: " + LogEntryScanner.GO_ORDER[i]);
            }
            NAMES[i] = name;
            for (int k = 0; k < name.length; k++) {
                if (k < 8) {
                    NAME_LOW[i] |= (name[k] & 0xffL) << 8 * k;
                    NAME_LOW_MASK[i] |= 0xffL << 8 * k;
                } else {
                    NAME_HIGH[i] |= (name[k] & 0xffL) << 8 * (k - 8);
                    NAME_HIGH_MASK[i] |= 0xffL << 8 * (k - 8);
                }
            }
        }
        for (EntryType type : EntryType.values()) {
            TYPES[type.ordinal()] = type.code().getBytes(StandardCharsets.UTF_8);
        }
        for (Priority priority : Priority.values()) {
            PRIORITIES[priority.ordinal()] = priority.wireName().getBytes(StandardCharsets.UTF_8);
        }
        if (!LogEntryScanner.GO_ORDER[APP].equals("app") || !LogEntryScanner.GO_ORDER[DATA].equals("data")
                || !LogEntryScanner.GO_ORDER[REMOTE_IP].equals("remote_ip") || !LogEntryScanner.GO_ORDER[STATUS].equals("status")) {
            throw new AssertionError("GoLineScanner's indexes do not match LogEntryScanner.GO_ORDER");
        }
    }

    private GoLineScanner() {
    }

    /**
     * The key parts of {@code b[from, to)} when it is certainly one valid entry, else null.
     * {@code b[from, to)} must be well-formed UTF-8.
     */
    static LogEntryKeyParts scan(byte[] b, int from, int to, int maxDepth) {
        if (to - from < 2 || to - from > MAX_LINE || b[from] != '{' || b[to - 1] != '}') {
            return null;
        }
        int seen = 0;
        // Where the key's parts stand in b; they are copied from there, never decoded.
        int appFrom = LogEntryKeyParts.ABSENT;
        int appTo = LogEntryKeyParts.ABSENT;
        int classFrom = LogEntryKeyParts.ABSENT;
        int classTo = LogEntryKeyParts.ABSENT;
        int instanceFrom = LogEntryKeyParts.ABSENT;
        int instanceTo = LogEntryKeyParts.ABSENT;
        int expected = 0;
        int i = from + 1;
        while (true) {
            // i is at a name's opening quote
            if (i >= to || b[i] != '"') {
                return null;
            }
            i++;
            int field;
            if (expected < NAMES.length && name(b, i, to, expected)) {
                field = expected;
            } else {
                field = lookup(b, i, to);
                if (field < 0) {
                    return null; // unknown, escaped, unterminated or no colon: the format's
                }
            }
            if ((seen & 1 << field) != 0) {
                return null; // repeated: the format refuses it
            }
            seen |= 1 << field;
            expected = field + 1;
            i += NAMES[field].length; // past the colon
            if (i + 1 >= to) {
                return null;
            }
            switch (field) {
                case STATUS -> {
                    if (b[i] != '0' && b[i] != '1') {
                        return null;
                    }
                    i++;
                }
                case DATA -> {
                    i = data(b, i, to, maxDepth);
                    if (i < 0) {
                        return null;
                    }
                }
                case APP, TYPE, PRI, WHEN, CLASS, INSTANCE, REMOTE_IP -> {
                    if (b[i] != '"') {
                        return null;
                    }
                    int end = plainString(b, i + 1, to);
                    if (end < 0) {
                        return null; // an escape, say: Jackson decodes it
                    }
                    if (field == APP || field == CLASS || field == INSTANCE) {
                        // The format's rules for these three look at emptiness only (an app must
                        // have a name), so a non-empty part is taken as it stands, undecoded.
                        if (end == i + 1 && !LogEntryScanner.acceptable(1 << field, "")) {
                            return null;
                        }
                        if (field == APP) {
                            appFrom = i + 1;
                            appTo = end;
                        } else if (field == CLASS) {
                            classFrom = i + 1;
                            classTo = end;
                        } else {
                            instanceFrom = i + 1;
                            instanceTo = end;
                        }
                    } else {
                        // The usual values, recognised without a string: a type's letter, a priority
                        // as written, a dotted quad, a UTC time as Go writes it (what EntryType,
                        // Priority, IpAddresses and Timestamp accept, and the tests check they do).
                        boolean usual = field == TYPE && oneOf(b, i + 1, end, TYPES)
                                || field == PRI && oneOf(b, i + 1, end, PRIORITIES)
                                || field == REMOTE_IP && dottedQuad(b, i + 1, end)
                                || field == WHEN && utcTime(b, i + 1, end);
                        if (!usual && !LogEntryScanner.acceptable(1 << field,
                                new String(b, i + 1, end - i - 1, StandardCharsets.UTF_8))) {
                            return null;
                        }
                    }
                    i = end + 1;
                }
                default -> { // a string that is only checked, never decoded
                    if (b[i] != '"') {
                        return null;
                    }
                    i = string(b, i + 1, to);
                    if (i < 0) {
                        return null;
                    }
                }
            }
            // i is just after the value
            if (i >= to) {
                return null;
            }
            if (b[i] == '}') {
                break;
            }
            if (b[i] != ',') {
                return null;
            }
            i++;
        }
        if (i + 1 != to || (seen & REQUIRED) != REQUIRED) {
            return null;
        }
        return LogEntryKeyParts.ofUtf8(b, appFrom, appTo, classFrom, classTo, instanceFrom, instanceTo);
    }

    /**
     * After {@code "data":} at {@code i}: a string, {@code {}} or {@code {"activity_data":string}};
     * the index just after it, or -1.
     */
    private static int data(byte[] b, int i, int to, int maxDepth) {
        if (b[i] == '"') {
            return string(b, i + 1, to);
        }
        if (b[i] != '{' || maxDepth < 2) {
            return -1; // an object inside the entry is two levels: Jackson refuses it below that
        }
        i++;
        if (i < to && b[i] == '}') {
            return i + 1;
        }
        if (!startsWith(b, i, to, ACTIVITY_DATA)) {
            return -1;
        }
        i = string(b, i + ACTIVITY_DATA.length, to);
        if (i < 0 || i >= to || b[i] != '}') {
            return -1;
        }
        return i + 1;
    }

    private static boolean startsWith(byte[] b, int i, int to, byte[] prefix) {
        if (to - i < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (b[i + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code b[i, to)} starts with {@code NAMES[f]}: the name, its quote and the colon. */
    private static boolean name(byte[] b, int i, int to, int f) {
        if (i + 16 > to) {
            return startsWith(b, i, to, NAMES[f]);
        }
        return (((long) LONGS.get(b, i) ^ NAME_LOW[f]) & NAME_LOW_MASK[f]) == 0
                && (((long) LONGS.get(b, i + 8) ^ NAME_HIGH[f]) & NAME_HIGH_MASK[f]) == 0;
    }

    /** The index into GO_ORDER of the name starting at {@code i} (after its quote), or -1. */
    private static int lookup(byte[] b, int i, int to) {
        for (int f = 0; f < NAMES.length; f++) {
            if (name(b, i, to, f)) {
                return f;
            }
        }
        return -1;
    }

    /** Whether {@code b[from, to)} is exactly one of {@code values}. */
    private static boolean oneOf(byte[] b, int from, int to, byte[][] values) {
        for (byte[] value : values) {
            if (value.length == to - from && startsWith(b, from, to, value)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code b[from, to)} is a strict dotted quad: four decimal parts of one to three
     * digits, none above 255, no leading zero ({@code IpAddresses.isLiteral}'s IPv4 rule).
     */
    static boolean dottedQuad(byte[] b, int from, int to) {
        int i = from;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (i >= to || b[i] != '.') {
                    return false;
                }
                i++;
            }
            int start = i;
            int value = 0;
            while (i < to && i - start < 3 && b[i] >= '0' && b[i] <= '9') {
                value = value * 10 + (b[i] - '0');
                i++;
            }
            int length = i - start;
            if (length == 0 || length > 1 && b[start] == '0' || value > 255) {
                return false;
            }
        }
        return i == to;
    }

    /**
     * Whether {@code b[from, to)} is {@code yyyy-MM-ddTHH:mm:ss}, then a fraction of 1 to 9 digits
     * or none, then {@code Z}, and a real date and time: how Go's {@code time.RFC3339Nano} writes a
     * UTC time, and a part of what {@link Timestamp#parse} accepts. Why: making a String and an
     * Instant of every entry's time was a fifth of this scanner's time. Offsets and lower-case
     * letters are left to {@link Timestamp#parse}.
     */
    static boolean utcTime(byte[] b, int from, int to) {
        int n = to - from;
        if (n < 20 || n > 30 || b[from + 4] != '-' || b[from + 7] != '-' || b[from + 10] != 'T'
                || b[from + 13] != ':' || b[from + 16] != ':' || b[to - 1] != 'Z') {
            return false;
        }
        int year = twoDigits(b, from) * 100 + twoDigits(b, from + 2);
        int month = twoDigits(b, from + 5);
        int day = twoDigits(b, from + 8);
        int hour = twoDigits(b, from + 11);
        int minute = twoDigits(b, from + 14);
        int second = twoDigits(b, from + 17);
        // The month's length as java.time counts it, which is what Timestamp.parse goes by.
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return false;
        }
        int point = from + 19;
        if (point == to - 1) {
            return true;
        }
        if (b[point] != '.' || point + 1 == to - 1) {
            return false; // a fraction is a point and 1 to 9 digits (n is at most 30)
        }
        for (int i = point + 1; i < to - 1; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
        }
        return true;
    }

    /** The number the two ASCII digits at {@code i} write, or a negative number. */
    private static int twoDigits(byte[] b, int i) {
        int tens = b[i] - '0';
        int ones = b[i + 1] - '0';
        return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -10_000;
    }

    /**
     * Skips a string's contents from {@code i} (after its opening quote), checking each escape:
     * the index just after its closing quote, or -1 for a raw control character, a bad escape or
     * no closing quote.
     */
    private static int string(byte[] b, int i, int to) {
        while (i < to) {
            if (i + 8 <= to) {
                long mask = special((long) LONGS.get(b, i));
                if (mask == 0) {
                    i += 8;
                    continue;
                }
                // The lowest flagged byte is exact (a false flag only follows a true one): go to it.
                i += Long.numberOfTrailingZeros(mask) >>> 3;
            }
            byte c = b[i];
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                if (i + 1 >= to) {
                    return -1;
                }
                switch (b[i + 1]) {
                    case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> i += 2;
                    case 'u' -> {
                        if (to - i < 6 || !hex(b[i + 2]) || !hex(b[i + 3]) || !hex(b[i + 4]) || !hex(b[i + 5])) {
                            return -1;
                        }
                        i += 6;
                    }
                    default -> {
                        return -1;
                    }
                }
                continue;
            }
            if (c >= 0 && c < 0x20) {
                return -1;
            }
            i++;
        }
        return -1;
    }

    /**
     * Like {@link #string} for a string with no escape at all: the index of its closing quote, or
     * -1 for an escape, a raw control character or no closing quote. Eight bytes a step, as
     * {@link #string}: a UTC time is 30 bytes.
     */
    private static int plainString(byte[] b, int i, int to) {
        for (; i + 8 <= to; i += 8) {
            long mask = special((long) LONGS.get(b, i));
            if (mask != 0) {
                int at = i + (Long.numberOfTrailingZeros(mask) >>> 3);
                return b[at] == '"' ? at : -1;
            }
        }
        for (; i < to; i++) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c == '\\' || c >= 0 && c < 0x20) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * The high bit of each of the eight bytes (little-endian) that is a quote, a backslash or below
     * 0x20, exact up to the first such byte; zero when there is none.
     */
    private static long special(long word) {
        return zeroByte(word ^ QUOTES) | zeroByte(word ^ BACKSLASHES) | (word - SPACES) & ~word & HIGHS;
    }

    /** The high bit of each zero byte of {@code x}, exact up to the first (a borrow may flag bytes above it). */
    private static long zeroByte(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    private static boolean hex(byte c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
