package io.harbour.layout.logharbour;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.CommonFields;
import io.harbour.layout.DocumentIds;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexTimes;
import io.harbour.layout.IndexedDocument;
import io.harbour.layout.MalformedRecordException;
import io.harbour.layout.RecordContext;
import io.harbour.model.IpAddresses;
import io.harbour.model.Json;
import io.harbour.model.logharbour.ActivityData;
import io.harbour.model.logharbour.Change;
import io.harbour.model.logharbour.ChangeData;
import io.harbour.model.logharbour.DebugData;
import io.harbour.model.logharbour.LogData;
import io.harbour.model.logharbour.LogEntry;
import io.harbour.model.logharbour.LogEntryFormat;
import io.harbour.model.logharbour.TextData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One LogHarbour entry becomes one document, written with CREATE.
 *
 * <p>Where it differs from the LogHarbour library's own index, on purpose:
 * <ul>
 * <li>{@code remote_ip} is written only when it is an IP literal; the value as sent, {@code LOCAL}
 * included, always goes to {@code remote_ip_text}. The library's {@code ip} field refuses
 * {@code LOCAL}, and those entries are lost.</li>
 * <li>{@code status} is always written, 0 when absent (the library omits 0), so terms and counts
 * see every entry; {@code pri} is always written, {@code Info} when absent, with its level
 * {@code pri_level} so "this level or higher" is one range.</li>
 * <li>A string {@code data} (older producers) goes to {@code data_text}: {@code data} is an object
 * in the mapping and would refuse it. Unknown top-level fields go under {@code extra} (never
 * searched), so a sender's field can never collide with one Harbour adds.</li>
 * </ul>
 *
 * <p>Document id: the entry's {@code id} when it has one (what the library always sends, a KSUID)
 * and it fits an Elasticsearch id; otherwise a hash of the realm and the entry in its canonical
 * form (the model's own writing: fields in the library's order, no whitespace). A hash of the
 * content rather than of the topic, partition and offset, because a sender that retries after a
 * lost answer sends the same entry again, which lands at another offset: the content hash makes
 * it the same document. The price: two entries identical to the nanosecond in every field are
 * one document, and nothing can tell them apart anyway.
 */
public final class LogEntryDocuments {
    /** date_nanos holds 1970-01-01 to 2262-04-11T23:47:16.854775807Z. */
    static final Instant FIRST_NANOS_TIME = Instant.EPOCH;
    static final Instant LAST_NANOS_TIME = Instant.ofEpochSecond(0, Long.MAX_VALUE);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /**
     * Writes {@link #serialized}'s bytes: a plain mapper, as the indexer's Elasticsearch client
     * serializes a tree with one (so the bytes are those of {@link #build}'s tree, which
     * LogEntryDocumentsTest checks). It only serializes the JSON values the model kept.
     */
    private static final ObjectMapper WIRE = new ObjectMapper();

    private final IndexTimes indexTimes;

    public LogEntryDocuments(IndexTimes indexTimes) {
        this.indexTimes = indexTimes;
    }

    public IndexedDocument build(RecordContext ctx, LogEntry entry) throws MalformedRecordException {
        Instant when = checkedWhen(entry);
        String id = id(ctx.realm(), entry);
        ObjectNode doc = NODES.objectNode();
        CommonFields.put(doc, id, ctx);
        putIfPresent(doc, LogFields.ID, entry.id());
        doc.put(LogFields.APP, entry.app());
        putIfPresent(doc, LogFields.SYSTEM, entry.system());
        putIfPresent(doc, LogFields.MODULE, entry.module());
        putIfPresent(doc, LogFields.TYPE, entry.type() == null ? null : entry.type().code());
        doc.put(LogFields.PRI, entry.priority().wireName());
        doc.put(LogFields.PRI_LEVEL, entry.priority().ordinal());
        // date_nanos parsing wants the capitals; RFC 3339 also allows t and z.
        doc.put(LogFields.WHEN, entry.when().text().toUpperCase(Locale.ROOT));
        putIfPresent(doc, LogFields.WHO, entry.who());
        putIfPresent(doc, LogFields.OP, entry.op());
        putIfPresent(doc, LogFields.CLASS, entry.className());
        putIfPresent(doc, LogFields.INSTANCE, entry.instance());
        doc.put(LogFields.STATUS, entry.status() == null ? LogEntry.SUCCESS : entry.status());
        putIfPresent(doc, LogFields.ERROR, entry.error());
        if (entry.remoteIp() != null) {
            if (IpAddresses.isLiteral(entry.remoteIp())) {
                doc.put(LogFields.REMOTE_IP, entry.remoteIp());
            }
            doc.put(LogFields.REMOTE_IP_TEXT, entry.remoteIp());
        }
        putIfPresent(doc, LogFields.MSG, entry.msg());
        putData(doc, entry.data());
        putIfPresent(doc, LogFields.TRACE_ID, entry.traceId());
        putIfPresent(doc, LogFields.SPAN_ID, entry.spanId());
        if (!entry.extra().isEmpty()) {
            ObjectNode extra = doc.putObject(CommonFields.EXTRA);
            entry.extra().forEach(extra::set);
        }
        Instant indexTime = indexTimes.indexTime(when, ctx.receivedAt());
        return new IndexedDocument(DocumentKind.LOGHARBOUR, ctx.realm(), indexTime, id, doc, IndexedDocument.WriteMode.CREATE);
    }

    /**
     * The document of {@link #build}, written straight to JSON bytes without a tree: the same
     * fields in the same order with the same values, so the same bytes as {@link #build}'s tree
     * serialized. What the indexer sends: building the tree and serializing it was a third of its
     * CPU per entry.
     */
    public IndexedDocument serialized(RecordContext ctx, LogEntry entry) throws MalformedRecordException {
        Instant when = checkedWhen(entry);
        String id = id(ctx.realm(), entry);
        ByteArrayBuilder bytes = new ByteArrayBuilder(1024);
        try (JsonGenerator g = WIRE.createGenerator(bytes, JsonEncoding.UTF8)) {
            g.writeStartObject();
            CommonFields.write(g, id, ctx);
            writeIfPresent(g, LogFields.ID, entry.id());
            g.writeStringField(LogFields.APP, entry.app());
            writeIfPresent(g, LogFields.SYSTEM, entry.system());
            writeIfPresent(g, LogFields.MODULE, entry.module());
            writeIfPresent(g, LogFields.TYPE, entry.type() == null ? null : entry.type().code());
            g.writeStringField(LogFields.PRI, entry.priority().wireName());
            g.writeNumberField(LogFields.PRI_LEVEL, entry.priority().ordinal());
            g.writeStringField(LogFields.WHEN, entry.when().text().toUpperCase(Locale.ROOT));
            writeIfPresent(g, LogFields.WHO, entry.who());
            writeIfPresent(g, LogFields.OP, entry.op());
            writeIfPresent(g, LogFields.CLASS, entry.className());
            writeIfPresent(g, LogFields.INSTANCE, entry.instance());
            g.writeNumberField(LogFields.STATUS, entry.status() == null ? LogEntry.SUCCESS : entry.status());
            writeIfPresent(g, LogFields.ERROR, entry.error());
            if (entry.remoteIp() != null) {
                if (IpAddresses.isLiteral(entry.remoteIp())) {
                    g.writeStringField(LogFields.REMOTE_IP, entry.remoteIp());
                }
                g.writeStringField(LogFields.REMOTE_IP_TEXT, entry.remoteIp());
            }
            writeIfPresent(g, LogFields.MSG, entry.msg());
            writeData(g, entry.data());
            writeIfPresent(g, LogFields.TRACE_ID, entry.traceId());
            writeIfPresent(g, LogFields.SPAN_ID, entry.spanId());
            if (!entry.extra().isEmpty()) {
                g.writeObjectFieldStart(CommonFields.EXTRA);
                for (Map.Entry<String, JsonNode> member : entry.extra().entrySet()) {
                    g.writeFieldName(member.getKey());
                    g.writeTree(member.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory does not fail", e);
        }
        Instant indexTime = indexTimes.indexTime(when, ctx.receivedAt());
        return IndexedDocument.serialized(DocumentKind.LOGHARBOUR, ctx.realm(), indexTime, id, bytes.toByteArray());
    }

    private static Instant checkedWhen(LogEntry entry) throws MalformedRecordException {
        Instant when = entry.when().instant();
        if (when.isBefore(FIRST_NANOS_TIME) || when.isAfter(LAST_NANOS_TIME)) {
            throw new MalformedRecordException("when " + Json.quote(entry.when().text())
                    + " is outside 1970-01-01 to 2262-04-11, what an index of nanosecond times can hold");
        }
        return when;
    }

    private static void writeData(JsonGenerator g, LogData data) throws IOException {
        if (data == null) {
            return;
        }
        if (data instanceof TextData text) {
            g.writeStringField(LogFields.DATA_TEXT, text.text());
            return;
        }
        g.writeObjectFieldStart(LogFields.DATA);
        if (data instanceof ActivityData activity) {
            g.writeStringField("activity_data", activity.text());
        } else if (data instanceof ChangeData change) {
            g.writeFieldName("change_data");
            writeChange(g, change);
        } else if (data instanceof DebugData debug) {
            g.writeFieldName("debug_data");
            writeDebug(g, debug);
        }
        g.writeEndObject();
    }

    private static void writeChange(JsonGenerator g, ChangeData change) throws IOException {
        List<String> written = new ArrayList<>(3);
        g.writeStartObject();
        writeIfPresent(g, "entity", change.entity(), written);
        writeIfPresent(g, "op", change.op(), written);
        if (change.changes() != null) {
            g.writeArrayFieldStart("changes");
            written.add("changes");
            for (Change one : change.changes()) {
                List<String> itemWritten = new ArrayList<>(3);
                g.writeStartObject();
                writeIfPresent(g, "field", one.field(), itemWritten);
                writeIfPresent(g, "old_value", one.oldText(), itemWritten);
                writeIfPresent(g, "new_value", one.newText(), itemWritten);
                writeRest(g, one.extra(), itemWritten);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        writeRest(g, change.extra(), written);
        g.writeEndObject();
    }

    private static void writeDebug(JsonGenerator g, DebugData debug) throws IOException {
        List<String> written = new ArrayList<>(7);
        g.writeStartObject();
        if (debug.pid() != null) {
            g.writeNumberField("pid", debug.pid());
            written.add("pid");
        }
        writeIfPresent(g, "runtime", debug.runtime(), written);
        writeIfPresent(g, "file", debug.file(), written);
        if (debug.line() != null) {
            g.writeNumberField("line", debug.line());
            written.add("line");
        }
        writeIfPresent(g, "func", debug.func(), written);
        writeIfPresent(g, "stackTrace", debug.stackTrace(), written);
        if (debug.data() != null) {
            g.writeFieldName("data");
            g.writeTree(debug.data());
            written.add("data");
        }
        writeRest(g, debug.extra(), written);
        g.writeEndObject();
    }

    /** {@link #putRest} on a generator: members whose names were not written already. */
    private static void writeRest(JsonGenerator g, Map<String, JsonNode> extra, List<String> written) throws IOException {
        for (Map.Entry<String, JsonNode> member : extra.entrySet()) {
            if (!written.contains(member.getKey())) {
                g.writeFieldName(member.getKey());
                g.writeTree(member.getValue());
            }
        }
    }

    private static void writeIfPresent(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void writeIfPresent(JsonGenerator g, String name, String value, List<String> written) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
            written.add(name);
        }
    }

    /** The document id of {@code entry} in {@code realm}; see the class comment. */
    public static String id(String realm, LogEntry entry) {
        if (DocumentIds.fitsAsId(entry.id())) {
            return entry.id();
        }
        return DocumentIds.derive("logharbour", realm, canonical(entry));
    }

    private static byte[] canonical(LogEntry entry) {
        try {
            return Json.mapper().writeValueAsBytes(LogEntryFormat.INSTANCE.write(entry));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a read entry always writes", e);
        }
    }

    private static void putData(ObjectNode doc, LogData data) {
        if (data == null) {
            return;
        }
        if (data instanceof TextData text) {
            doc.put(LogFields.DATA_TEXT, text.text());
            return;
        }
        ObjectNode out = doc.putObject(LogFields.DATA);
        if (data instanceof ActivityData activity) {
            out.put("activity_data", activity.text());
        } else if (data instanceof ChangeData change) {
            out.set("change_data", change(change));
        } else if (data instanceof DebugData debug) {
            out.set("debug_data", debug(debug));
        }
        // EmptyData stays {}: what the library sent, and what the UI expects to read back.
    }

    private static ObjectNode change(ChangeData change) {
        ObjectNode out = NODES.objectNode();
        putIfPresent(out, "entity", change.entity());
        putIfPresent(out, "op", change.op());
        if (change.changes() != null) {
            ArrayNode list = out.putArray("changes");
            for (Change one : change.changes()) {
                ObjectNode item = list.addObject();
                putIfPresent(item, "field", one.field());
                // Strings, as the library sends them; older JSON values as their text.
                putIfPresent(item, "old_value", one.oldText());
                putIfPresent(item, "new_value", one.newText());
                putRest(item, one.extra());
            }
        }
        putRest(out, change.extra());
        return out;
    }

    private static ObjectNode debug(DebugData debug) {
        ObjectNode out = NODES.objectNode();
        if (debug.pid() != null) {
            out.put("pid", debug.pid());
        }
        putIfPresent(out, "runtime", debug.runtime());
        putIfPresent(out, "file", debug.file());
        if (debug.line() != null) {
            out.put("line", debug.line());
        }
        putIfPresent(out, "func", debug.func());
        putIfPresent(out, "stackTrace", debug.stackTrace());
        if (debug.data() != null) {
            out.set("data", debug.data());
        }
        putRest(out, debug.extra());
        return out;
    }

    /**
     * Unknown members inside {@code data} stay where they were: the mapping is
     * {@code dynamic: false}, so they are kept in {@code _source} and not searched, and they
     * cannot collide with a field Harbour adds (Harbour adds none inside {@code data}).
     */
    private static void putRest(ObjectNode out, Map<String, JsonNode> extra) {
        extra.forEach((name, value) -> {
            if (!out.has(name)) {
                out.set(name, value);
            }
        });
    }

    private static void putIfPresent(ObjectNode out, String name, String value) {
        if (value != null) {
            out.put(name, value);
        }
    }
}
