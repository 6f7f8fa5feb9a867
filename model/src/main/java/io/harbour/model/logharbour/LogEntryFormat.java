package io.harbour.model.logharbour;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.model.Checked;
import io.harbour.model.Fields;
import io.harbour.model.IpAddresses;
import io.harbour.model.ItemScanner;
import io.harbour.model.Json;
import io.harbour.model.Problems;
import io.harbour.model.WireDeserializer;
import io.harbour.model.WireFormat;
import io.harbour.model.WireSerializer;

/**
 * Reads, checks and writes {@link LogEntry}. The rules:
 * {@code app} is a non-empty string; {@code when} is an RFC 3339 date-time; {@code pri} is a known
 * priority in any case; {@code type} is A, C, D or U; {@code status} is 0 or 1;
 * {@code remote_ip} is an IP literal or {@code "LOCAL"}; {@code data} is a string, {@code {}}, or
 * an object with exactly one of the three shapes; every other known field, when present, is a
 * string. Fields are written in the library's order, unknown ones last.
 */
public final class LogEntryFormat implements WireFormat<LogEntry> {
    public static final LogEntryFormat INSTANCE = new LogEntryFormat();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private LogEntryFormat() {
    }

    /**
     * Reads entries for a caller that stores them as sent and needs only their key fields:
     * {@code BatchReader.read(body, LogEntryFormat.keyScanner())} gives the same items, lines and
     * problems as {@code read(body, INSTANCE)}, and checks plain entries without building a tree.
     */
    public static ItemScanner<LogEntry, LogEntryKeyParts> keyScanner() {
        return LogEntryScanner.INSTANCE;
    }

    @Override
    public String name() {
        return "LogHarbour entry";
    }

    @Override
    public Checked<LogEntry> read(JsonNode json, int line) {
        Problems problems = new Problems(line);
        Fields f = Fields.of(json, "", problems);
        if (f == null) {
            return Checked.invalid(problems.toList());
        }
        LogEntry.Builder entry = LogEntry.builder()
                .id(f.string("id"))
                .app(f.nonEmptyString("app"))
                .system(f.string("system"))
                .module(f.string("module"))
                .type(type(f))
                .pri(priority(f))
                .when(when(f))
                .who(f.string("who"))
                .op(f.string("op"))
                .className(f.string("class"))
                .instance(f.string("instance"))
                .status(status(f))
                .error(f.string("error"))
                .remoteIp(remoteIp(f))
                .msg(f.string("msg"))
                .data(LogDataFormat.read(f))
                .traceId(f.string("trace_id"))
                .spanId(f.string("span_id"));
        f.rest().forEach(entry::extra);
        return problems.isEmpty() ? Checked.valid(entry.build()) : Checked.invalid(problems.toList());
    }

    private static EntryType type(Fields f) {
        String code = f.string("type");
        if (code == null) {
            return null;
        }
        return EntryType.parse(code).orElseGet(() -> {
            f.problem("type", "unknown type " + Json.quote(code) + " (expected A, C, D or U)");
            return null;
        });
    }

    private static Priority priority(Fields f) {
        String name = f.string("pri");
        if (name == null) {
            return null;
        }
        return Priority.parse(name).orElseGet(() -> {
            f.problem("pri", "unknown priority " + Json.quote(name));
            return null;
        });
    }

    private static Timestamp when(Fields f) {
        String text = f.requiredString("when");
        if (text == null) {
            return null;
        }
        return Timestamp.parse(text).orElseGet(() -> {
            f.problem("when", "not an RFC 3339 date-time: " + Json.quote(text));
            return null;
        });
    }

    private static Integer status(Fields f) {
        Long status = f.integer("status");
        if (status == null) {
            return null;
        }
        if (status != LogEntry.SUCCESS && status != LogEntry.FAILURE) {
            f.problem("status", "must be 0 or 1, got " + status);
            return null;
        }
        return status.intValue();
    }

    private static String remoteIp(Fields f) {
        String ip = f.string("remote_ip");
        if (ip != null && !ip.equals(LogEntry.LOCAL) && !IpAddresses.isLiteral(ip)) {
            f.problem("remote_ip", "not an IP address or \"LOCAL\": " + Json.quote(ip));
            return null;
        }
        return ip;
    }

    @Override
    public ObjectNode write(LogEntry e) {
        ObjectNode out = NODES.objectNode();
        Json.putIfPresent(out, "id", e.id());
        Json.putIfPresent(out, "app", e.app());
        Json.putIfPresent(out, "system", e.system());
        Json.putIfPresent(out, "module", e.module());
        Json.putIfPresent(out, "type", e.type() == null ? null : e.type().code());
        Json.putIfPresent(out, "pri", e.pri() == null ? null : e.pri().wireName());
        Json.putIfPresent(out, "when", e.when() == null ? null : e.when().text());
        Json.putIfPresent(out, "who", e.who());
        Json.putIfPresent(out, "op", e.op());
        Json.putIfPresent(out, "class", e.className());
        Json.putIfPresent(out, "instance", e.instance());
        if (e.status() != null) {
            out.put("status", e.status());
        }
        Json.putIfPresent(out, "error", e.error());
        Json.putIfPresent(out, "remote_ip", e.remoteIp());
        Json.putIfPresent(out, "msg", e.msg());
        if (e.data() != null) {
            out.set("data", LogDataFormat.write(e.data()));
        }
        Json.putIfPresent(out, "trace_id", e.traceId());
        Json.putIfPresent(out, "span_id", e.spanId());
        Fields.putRest(out, e.extra());
        return out;
    }

    /** For {@link LogEntry}'s {@code @JsonSerialize}. */
    public static final class Serializer extends WireSerializer<LogEntry> {
        private static final long serialVersionUID = 1L;

        public Serializer() {
            super(LogEntry.class, INSTANCE);
        }
    }

    /** For {@link LogEntry}'s {@code @JsonDeserialize}. */
    public static final class Deserializer extends WireDeserializer<LogEntry> {
        private static final long serialVersionUID = 1L;

        public Deserializer() {
            super(LogEntry.class, INSTANCE);
        }
    }
}
