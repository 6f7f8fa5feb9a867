package io.harbour.query.it;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.model.Json;

/** LogHarbour entries as the Go library writes them, built field by field for tests. */
final class Entries {
    private final ObjectNode entry = Json.mapper().createObjectNode();

    private Entries(String id, String app, String type, String pri, String when) {
        entry.put("id", id);
        entry.put("app", app);
        entry.put("system", "vm");
        entry.put("module", "orders");
        entry.put("type", type);
        entry.put("pri", pri);
        entry.put("when", when);
    }

    static Entries of(String id, String app, String type, String pri, String when) {
        return new Entries(id, app, type, pri, when);
    }

    Entries put(String name, String value) {
        entry.put(name, value);
        return this;
    }

    Entries status(int status) {
        entry.put("status", status);
        return this;
    }

    Entries object(String objectClass, String instance, String op) {
        entry.put("class", objectClass);
        entry.put("instance", instance);
        entry.put("op", op);
        return this;
    }

    /** A change entry's data: the fields changed ({@code null} changes when none are given). */
    Entries changes(String entity, String op, String... fields) {
        ObjectNode change = entry.putObject("data").putObject("change_data");
        change.put("entity", entity);
        change.put("op", op);
        if (fields.length == 0) {
            change.putNull("changes");
        } else {
            ArrayNode list = change.putArray("changes");
            for (String f : fields) {
                list.addObject().put("field", f).put("old_value", "1").put("new_value", "2");
            }
        }
        return this;
    }

    String json() {
        return entry.toString();
    }
}
