package io.harbour.model.logharbour;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.model.Fields;
import io.harbour.model.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code data} member of an entry, for {@link LogEntryFormat}: a string, {@code {}}, or an
 * object holding exactly one of {@code activity_data}, {@code change_data}, {@code debug_data}.
 * Any other member beside them is refused rather than kept, because the index maps {@code data}
 * by these three names and a fourth would not be searchable as the sender expects.
 */
final class LogDataFormat {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String ACTIVITY = "activity_data";
    private static final String CHANGE = "change_data";
    private static final String DEBUG = "debug_data";
    private static final List<String> SHAPES = List.of(ACTIVITY, CHANGE, DEBUG);

    private LogDataFormat() {
    }

    static LogData read(Fields f) {
        JsonNode data = f.optional("data");
        if (data == null) {
            return null;
        }
        if (data.isTextual()) {
            return new TextData(data.textValue());
        }
        if (!data.isObject()) {
            f.problem("data", "must be an object or a string, got " + Json.kind(data));
            return null;
        }
        Fields d = new Fields((ObjectNode) data, f.pathOf("data"), f.problems());
        if (data.isEmpty()) {
            return new EmptyData();
        }
        List<String> shapes = new ArrayList<>(1);
        for (String shape : SHAPES) {
            if (data.has(shape)) {
                shapes.add(shape);
            }
        }
        data.fieldNames().forEachRemaining(name -> {
            if (!SHAPES.contains(name)) {
                d.problem(name, "unknown data shape (expected activity_data, change_data or debug_data)");
            }
        });
        if (shapes.size() > 1) {
            f.problem("data", "must hold exactly one of activity_data, change_data, debug_data; got "
                    + String.join(", ", shapes));
            return null;
        }
        if (shapes.isEmpty()) {
            return null;
        }
        switch (shapes.get(0)) {
            case ACTIVITY:
                return activity(d);
            case CHANGE:
                return change(d);
            default:
                return debug(d);
        }
    }

    private static ActivityData activity(Fields d) {
        String text = d.requiredString(ACTIVITY);
        return text == null ? null : new ActivityData(text);
    }

    private static ChangeData change(Fields d) {
        ObjectNode json = d.requiredObject(CHANGE);
        if (json == null) {
            return null;
        }
        Fields c = new Fields(json, d.pathOf(CHANGE), d.problems());
        String entity = c.string("entity");
        String op = c.string("op");
        ArrayNode list = c.array("changes");
        List<Change> changes = null;
        if (list != null) {
            changes = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Fields one = Fields.of(list.get(i), Json.path(c.pathOf("changes"), i), d.problems());
                if (one != null) {
                    changes.add(new Change(one.requiredString("field"), one.any("old_value"),
                            one.any("new_value"), one.rest()));
                }
            }
        }
        return new ChangeData(entity, op, changes, c.rest());
    }

    private static DebugData debug(Fields d) {
        ObjectNode json = d.requiredObject(DEBUG);
        if (json == null) {
            return null;
        }
        Fields g = new Fields(json, d.pathOf(DEBUG), d.problems());
        return new DebugData(g.integer("pid"), g.string("runtime"), g.string("file"), g.integer("line"),
                g.string("func"), g.string("stackTrace"), g.any("data"), g.rest());
    }

    static JsonNode write(LogData data) {
        if (data instanceof TextData text) {
            return NODES.textNode(text.text());
        }
        ObjectNode out = NODES.objectNode();
        if (data instanceof ActivityData activity) {
            out.put(ACTIVITY, activity.text());
        } else if (data instanceof ChangeData change) {
            out.set(CHANGE, change(change));
        } else if (data instanceof DebugData debug) {
            out.set(DEBUG, debug(debug));
        }
        return out;
    }

    private static ObjectNode change(ChangeData change) {
        ObjectNode out = NODES.objectNode();
        Json.putIfPresent(out, "entity", change.entity());
        Json.putIfPresent(out, "op", change.op());
        if (change.changes() != null) {
            ArrayNode list = out.putArray("changes");
            for (Change one : change.changes()) {
                ObjectNode item = list.addObject();
                Json.putIfPresent(item, "field", one.field());
                Json.putIfPresent(item, "old_value", one.oldValue());
                Json.putIfPresent(item, "new_value", one.newValue());
                Fields.putRest(item, one.extra());
            }
        }
        Fields.putRest(out, change.extra());
        return out;
    }

    private static ObjectNode debug(DebugData debug) {
        ObjectNode out = NODES.objectNode();
        putNumber(out, "pid", debug.pid());
        Json.putIfPresent(out, "runtime", debug.runtime());
        Json.putIfPresent(out, "file", debug.file());
        putNumber(out, "line", debug.line());
        Json.putIfPresent(out, "func", debug.func());
        Json.putIfPresent(out, "stackTrace", debug.stackTrace());
        Json.putIfPresent(out, "data", debug.data());
        Fields.putRest(out, debug.extra());
        return out;
    }

    private static void putNumber(ObjectNode out, String name, Long value) {
        if (value != null) {
            out.put(name, value);
        }
    }
}
