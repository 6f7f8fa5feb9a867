package io.harbour.model.logharbour;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.harbour.model.IpAddresses;
import io.harbour.model.ItemScanner;
import io.harbour.model.WireFormat;
import java.io.IOException;

/**
 * Checks the common LogHarbour entry from the parser's tokens, without a tree: an object whose
 * members are known fields, each at most once, each a string, except {@code status} (0 or 1) and
 * {@code data} (a string, {@code {}}, or {@code {"activity_data": string}}), with {@code app} and
 * {@code when} present, and every checked value passing {@link LogEntryFormat}'s rule for it (the
 * very same parse methods). Everything else is left to {@link LogEntryFormat}: unknown fields,
 * nulls, change and debug data, any problem at all. So it passes only entries the format reads as
 * valid, and the summary is the format's (see {@link LogEntryKeyParts#of}).
 */
final class LogEntryScanner implements ItemScanner<LogEntry, LogEntryKeyParts> {
    static final LogEntryScanner INSTANCE = new LogEntryScanner();

    private static final int ID = 1;
    private static final int APP = 1 << 1;
    private static final int SYSTEM = 1 << 2;
    private static final int MODULE = 1 << 3;
    private static final int TYPE = 1 << 4;
    private static final int PRI = 1 << 5;
    private static final int WHEN = 1 << 6;
    private static final int WHO = 1 << 7;
    private static final int OP = 1 << 8;
    private static final int CLASS = 1 << 9;
    private static final int INSTANCE_FIELD = 1 << 10;
    private static final int STATUS = 1 << 11;
    private static final int ERROR = 1 << 12;
    private static final int REMOTE_IP = 1 << 13;
    private static final int MSG = 1 << 14;
    private static final int DATA = 1 << 15;
    private static final int TRACE_ID = 1 << 16;
    private static final int SPAN_ID = 1 << 17;
    private static final int REQUIRED = APP | WHEN;

    /**
     * The fields in the order the Go library writes them (its struct's order). The scanner expects
     * the field after the last one it saw: Jackson then compares the name's bytes in place instead
     * of decoding it and looking it up, the largest cost of a plain line. A field left out (Go's
     * {@code omitempty}) or any other order costs one ordinary read, then the guess follows on.
     * {@link GoLineScanner} reads the names in the same order.
     */
    static final String[] GO_ORDER = {"id", "app", "system", "module", "type", "pri", "when", "who", "op",
        "class", "instance", "status", "error", "remote_ip", "msg", "data", "trace_id", "span_id"};
    private static final SerializableString[] EXPECTED = new SerializableString[GO_ORDER.length + 1];

    static {
        for (int i = 0; i < GO_ORDER.length; i++) {
            EXPECTED[i] = new SerializedString(GO_ORDER[i]);
        }
        // After the last field nothing is expected: an empty name never matches a written one here
        // without being read the ordinary way.
        EXPECTED[GO_ORDER.length] = new SerializedString("");
    }

    private LogEntryScanner() {
    }

    @Override
    public WireFormat<LogEntry> format() {
        return LogEntryFormat.INSTANCE;
    }

    @Override
    public LogEntryKeyParts summarize(LogEntry value) {
        return LogEntryKeyParts.of(value);
    }

    /** The line exactly as the Go library writes it, from its bytes: see {@link GoLineScanner}. */
    @Override
    public LogEntryKeyParts scanBytes(byte[] body, int from, int to, int maxDepth) {
        return GoLineScanner.scan(body, from, to, maxDepth);
    }

    @Override
    public LogEntryKeyParts scan(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        int seen = 0;
        String app = null;
        String className = null;
        String instance = null;
        int expected = 0;
        while (true) {
            int field;
            if (p.nextFieldName(EXPECTED[expected])) {
                field = expected < GO_ORDER.length ? 1 << expected : 0; // "" after the last: unknown
            } else if (p.currentToken() == JsonToken.FIELD_NAME) {
                field = field(p.currentName());
            } else {
                break;
            }
            if (field == 0 || (seen & field) != 0) {
                return null; // unknown (kept by the format) or repeated (refused by it)
            }
            seen |= field;
            expected = Integer.numberOfTrailingZeros(field) + 1;
            JsonToken value = p.nextToken();
            if (field == STATUS) {
                if (!status(p, value)) {
                    return null;
                }
                continue;
            }
            if (field == DATA) {
                if (!data(p, value)) {
                    return null;
                }
                continue;
            }
            if (value != JsonToken.VALUE_STRING) {
                return null;
            }
            switch (field) {
                case APP, CLASS, INSTANCE_FIELD, TYPE, PRI, WHEN, REMOTE_IP -> {
                    String text = p.getText();
                    if (!acceptable(field, text)) {
                        return null;
                    }
                    if (field == APP) {
                        app = text;
                    } else if (field == CLASS) {
                        className = text;
                    } else if (field == INSTANCE_FIELD) {
                        instance = text;
                    }
                }
                // Not decoded: Jackson skips the string on the next token and still refuses a bad
                // escape or a raw control character there, and BatchReader has already checked the
                // body's UTF-8, so what is refused is the same as when it was decoded.
                default -> { }
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT || (seen & REQUIRED) != REQUIRED) {
            return null;
        }
        if (p.nextToken() != null) {
            return null; // more after the value: the format words that
        }
        return LogEntryKeyParts.of(app, className, instance);
    }

    /**
     * Whether the decoded string value of {@code field} (its bit, {@code 1 << } its index in
     * {@link #GO_ORDER}) passes {@link LogEntryFormat}'s rule for it, by the very same parse
     * methods; fields without a rule pass. The one statement of these rules for both fast paths,
     * this scanner and {@link GoLineScanner}.
     */
    static boolean acceptable(int field, String text) {
        return switch (field) {
            case APP -> !text.isEmpty();
            case TYPE -> EntryType.parse(text).isPresent();
            case PRI -> Priority.parse(text).isPresent();
            case WHEN -> Timestamp.parse(text).isPresent();
            case REMOTE_IP -> text.equals(LogEntry.LOCAL) || IpAddresses.isLiteral(text);
            default -> true;
        };
    }

    private static boolean status(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            return false;
        }
        int status = p.getIntValue();
        return status == LogEntry.SUCCESS || status == LogEntry.FAILURE;
    }

    /** A string, {@code {}} or {@code {"activity_data": string}}; any other shape is the format's. */
    private static boolean data(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return true; // skipped, not decoded: see the default case of scan
        }
        if (value != JsonToken.START_OBJECT) {
            return false;
        }
        String name = p.nextFieldName();
        if (name == null) {
            return p.currentToken() == JsonToken.END_OBJECT;
        }
        if (!name.equals("activity_data") || p.nextToken() != JsonToken.VALUE_STRING) {
            return false;
        }
        return p.nextToken() == JsonToken.END_OBJECT;
    }

    private static int field(String name) {
        return switch (name) {
            case "id" -> ID;
            case "app" -> APP;
            case "system" -> SYSTEM;
            case "module" -> MODULE;
            case "type" -> TYPE;
            case "pri" -> PRI;
            case "when" -> WHEN;
            case "who" -> WHO;
            case "op" -> OP;
            case "class" -> CLASS;
            case "instance" -> INSTANCE_FIELD;
            case "status" -> STATUS;
            case "error" -> ERROR;
            case "remote_ip" -> REMOTE_IP;
            case "msg" -> MSG;
            case "data" -> DATA;
            case "trace_id" -> TRACE_ID;
            case "span_id" -> SPAN_ID;
            default -> 0;
        };
    }
}
