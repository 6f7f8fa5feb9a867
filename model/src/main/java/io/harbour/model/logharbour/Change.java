package io.harbour.model.logharbour;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.harbour.model.Fields;
import java.util.Map;

/**
 * One changed field. Current library versions send both values as strings ({@code 2} becomes
 * {@code "2"}, nil becomes {@code "null"}); older ones sent any JSON, so the values are kept as
 * JSON and {@link #oldText()} and {@link #newText()} give the string form the index stores.
 * A value is Java null only when its member was absent.
 */
public record Change(String field, JsonNode oldValue, JsonNode newValue, Map<String, JsonNode> extra) {

    public Change {
        extra = Fields.keep(extra);
    }

    public Change(String field, String oldValue, String newValue) {
        this(field, TextNode.valueOf(oldValue), TextNode.valueOf(newValue), Map.of());
    }

    public String oldText() {
        return text(oldValue);
    }

    public String newText() {
        return text(newValue);
    }

    /** A string as is; any other JSON as its text, as the library's own conversion does. */
    private static String text(JsonNode value) {
        if (value == null) {
            return null;
        }
        return value.isTextual() ? value.textValue() : value.toString();
    }
}
