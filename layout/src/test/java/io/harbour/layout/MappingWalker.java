package io.harbour.layout;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Walks a document against a mapping's properties and lists every field the mapping does not
 * know: with {@code dynamic: false} such a field would be silently unsearchable, so the tests
 * hold the builders to the mapping the way {@code strict} would, without costing production
 * documents.
 */
public final class MappingWalker {
    private MappingWalker() {
    }

    public static List<String> unmapped(JsonNode properties, JsonNode doc) {
        List<String> out = new ArrayList<>();
        walk(properties, doc, "", out);
        return out;
    }

    private static void walk(JsonNode properties, JsonNode doc, String path, List<String> out) {
        for (Map.Entry<String, JsonNode> member : doc.properties()) {
            String name = path.isEmpty() ? member.getKey() : path + "." + member.getKey();
            JsonNode mapping = properties.get(member.getKey());
            if (mapping == null) {
                out.add(name);
                continue;
            }
            if (mapping.has("enabled") && !mapping.get("enabled").asBoolean()) {
                continue;
            }
            for (JsonNode value : values(member.getValue())) {
                if (value.isObject()) {
                    if (!mapping.has("properties")) {
                        out.add(name + " (an object where the mapping has " + mapping.path("type").asText() + ")");
                    } else {
                        walk(mapping.get("properties"), value, name, out);
                    }
                } else if (mapping.has("properties") && !value.isNull()) {
                    out.add(name + " (a value where the mapping has an object)");
                }
            }
        }
    }

    private static List<JsonNode> values(JsonNode value) {
        List<JsonNode> out = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(out::add);
        } else {
            out.add(value);
        }
        return out;
    }
}
