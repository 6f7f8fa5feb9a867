package io.harbour.model.logharbour;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.model.Fields;
import java.util.List;
import java.util.Map;

/**
 * {@code {"change_data": {...}}}: which entity changed, by which operation, field by field.
 * {@code changes} is null when the sender had none (the library sends {@code null} for a nil
 * slice); {@code extra} holds members this model does not know, written back unchanged.
 */
public record ChangeData(String entity, String op, List<Change> changes, Map<String, JsonNode> extra)
        implements LogData {

    public ChangeData {
        changes = changes == null ? null : List.copyOf(changes);
        extra = Fields.keep(extra);
    }

    public ChangeData(String entity, String op, List<Change> changes) {
        this(entity, op, changes, Map.of());
    }
}
