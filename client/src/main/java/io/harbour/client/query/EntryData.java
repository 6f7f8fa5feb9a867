package io.harbour.client.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.model.Checked;
import io.harbour.model.Json;
import io.harbour.model.logharbour.ActivityData;
import io.harbour.model.logharbour.ChangeData;
import io.harbour.model.logharbour.DebugData;
import io.harbour.model.logharbour.LogData;
import io.harbour.model.logharbour.LogEntry;
import io.harbour.model.logharbour.LogEntryFormat;
import io.harbour.model.logharbour.TextData;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Typed access to an entry's {@code data}: the counterparts of seed 003's {@code JSONtoDataChg}
 * and {@code JSONtoDebug}, and the activity map the seed describes. Harbour answers {@code data}
 * in the shape the library wrote it ({@code {"change_data":{...}}}), which the model already
 * reads; an older producer's data sent as a JSON string is read from that string the same way.
 */
public final class EntryData {
    private EntryData() {
    }

    public static Optional<ChangeData> changes(LogEntry entry) {
        return data(entry) instanceof ChangeData c ? Optional.of(c) : Optional.empty();
    }

    public static Optional<DebugData> debug(LogEntry entry) {
        return data(entry) instanceof DebugData d ? Optional.of(d) : Optional.empty();
    }

    /**
     * The activity's data as a map of strings (seed 003: "mapped to a simple hashmap of
     * map[string]string"): the Go library sends a map as JSON text inside {@code activity_data};
     * non-string values become their JSON text. Empty when the text is not a JSON object.
     */
    public static Optional<Map<String, String>> activity(LogEntry entry) {
        LogData data = entry.data();
        String text = data instanceof ActivityData a ? a.text() : data instanceof TextData t ? t.text() : null;
        JsonNode tree = parse(text);
        if (tree == null || !tree.isObject() || tree.has("change_data") || tree.has("debug_data")) {
            return Optional.empty();
        }
        Map<String, String> out = new LinkedHashMap<>();
        tree.properties().forEach(e -> out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString()));
        return Optional.of(out);
    }

    /** The entry's data, with a JSON string read as the object it holds. */
    private static LogData data(LogEntry entry) {
        if (!(entry.data() instanceof TextData text)) {
            return entry.data();
        }
        JsonNode tree = parse(text.text());
        if (tree == null || !tree.isObject()) {
            return entry.data();
        }
        // The model reads data only as part of an entry: wrap it in the smallest valid one.
        ObjectNode wrapper = Json.mapper().createObjectNode();
        wrapper.put("app", "x").put("when", "2000-01-01T00:00:00Z").set("data", tree);
        Checked<LogEntry> read = LogEntryFormat.INSTANCE.read(wrapper, 0);
        return read.isValid() && read.value().data() != null ? read.value().data() : entry.data();
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
