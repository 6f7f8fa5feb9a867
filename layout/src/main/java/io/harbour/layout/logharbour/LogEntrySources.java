package io.harbour.layout.logharbour;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.CommonFields;
import java.util.List;
import java.util.Map;

/**
 * The way back: a stored document's {@code _source} as the LogHarbour entry it came from, for
 * readers that answer in LogHarbour's shape (the query API, export). {@code remote_ip_text}
 * becomes {@code remote_ip} again, {@code data_text} becomes {@code data}, {@code extra}'s
 * members return to the top level, and the fields Harbour added are dropped. {@code status}
 * and {@code pri} stay as stored (0 and {@code Info} when the sender left them out), which reads
 * the same to every LogHarbour client.
 */
public final class LogEntrySources {
    private static final List<String> WIRE_ORDER = List.of(LogFields.ID, LogFields.APP, LogFields.SYSTEM,
            LogFields.MODULE, LogFields.TYPE, LogFields.PRI, LogFields.WHEN, LogFields.WHO, LogFields.OP,
            LogFields.CLASS, LogFields.INSTANCE, LogFields.STATUS, LogFields.ERROR, LogFields.REMOTE_IP,
            LogFields.MSG, LogFields.DATA, LogFields.TRACE_ID, LogFields.SPAN_ID);

    private LogEntrySources() {
    }

    public static ObjectNode toEntry(JsonNode source) {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        for (String name : WIRE_ORDER) {
            JsonNode value = switch (name) {
                case LogFields.REMOTE_IP -> source.get(LogFields.REMOTE_IP_TEXT);
                case LogFields.DATA -> source.has(LogFields.DATA_TEXT) ? source.get(LogFields.DATA_TEXT) : source.get(LogFields.DATA);
                default -> source.get(name);
            };
            if (value != null) {
                entry.set(name, value);
            }
        }
        JsonNode extra = source.get(CommonFields.EXTRA);
        if (extra != null && extra.isObject()) {
            for (Map.Entry<String, JsonNode> member : extra.properties()) {
                if (!entry.has(member.getKey())) {
                    entry.set(member.getKey(), member.getValue());
                }
            }
        }
        return entry;
    }
}
