package io.harbour.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the members of one JSON object for a {@link WireFormat}, reporting each wrong member
 * and carrying on, and remembering which members it used so that the rest can be kept.
 *
 * <p>An optional member holding JSON {@code null} reads as absent and is left to {@link #rest()},
 * so writing the value back restores the {@code null} instead of dropping or inventing a field.
 */
public final class Fields {
    private final ObjectNode node;
    private final String path;
    private final Problems problems;
    private final Set<String> used;

    public Fields(ObjectNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        // Room for every member up front: an entry has about 15, past a default set's resize point.
        this.used = new HashSet<>(Math.max(16, node.size() * 4 / 3 + 1));
    }

    /** Fields over {@code json}, or null (with a problem) when it is not a JSON object. */
    public static Fields of(JsonNode json, String path, Problems problems) {
        if (json instanceof ObjectNode) {
            return new Fields((ObjectNode) json, path, problems);
        }
        problems.add(path, "must be a JSON object, got " + Json.kind(json));
        return null;
    }

    public ObjectNode node() {
        return node;
    }

    public Problems problems() {
        return problems;
    }

    public String pathOf(String name) {
        return Json.path(path, name);
    }

    public void problem(String name, String reason) {
        problems.add(pathOf(name), reason);
    }

    /** The member, or null when absent or JSON null. */
    public JsonNode optional(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        used.add(name);
        return value;
    }

    /** The member, or null with a problem when absent or JSON null. */
    public JsonNode required(String name) {
        JsonNode value = node.get(name);
        if (value == null) {
            problem(name, "required");
            return null;
        }
        used.add(name);
        if (value.isNull()) {
            problem(name, "must not be null");
            return null;
        }
        return value;
    }

    /** The member as sent, JSON null included; null only when absent. */
    public JsonNode any(String name) {
        JsonNode value = node.get(name);
        if (value != null) {
            used.add(name);
        }
        return value;
    }

    public String string(String name) {
        return asString(name, optional(name));
    }

    public String requiredString(String name) {
        return asString(name, required(name));
    }

    /** A required string that must also hold something. */
    public String nonEmptyString(String name) {
        String value = requiredString(name);
        if (value != null && value.isEmpty()) {
            problem(name, "must not be empty");
            return null;
        }
        return value;
    }

    public Long integer(String name) {
        return asInteger(name, optional(name));
    }

    public Long requiredInteger(String name) {
        return asInteger(name, required(name));
    }

    public Boolean bool(String name) {
        JsonNode value = optional(name);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            problem(name, "must be true or false, got " + Json.kind(value));
            return null;
        }
        return value.booleanValue();
    }

    public ObjectNode object(String name) {
        return asObject(name, optional(name));
    }

    public ObjectNode requiredObject(String name) {
        return asObject(name, required(name));
    }

    public ArrayNode array(String name) {
        return asArray(name, optional(name));
    }

    public ArrayNode requiredArray(String name) {
        return asArray(name, required(name));
    }

    /** Members not read by this object, in their original order: kept so nothing is lost. */
    public Map<String, JsonNode> rest() {
        Map<String, JsonNode> rest = new LinkedHashMap<>();
        if (used.size() == node.size()) {
            return rest; // every member was read (used only ever holds members present)
        }
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            if (!used.contains(member.getKey())) {
                rest.put(member.getKey(), member.getValue());
            }
        }
        return rest;
    }

    private String asString(String name, JsonNode value) {
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            problem(name, "must be a string, got " + Json.kind(value));
            return null;
        }
        return value.textValue();
    }

    private Long asInteger(String name, JsonNode value) {
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            problem(name, "must be an integer, got " + Json.kind(value));
            return null;
        }
        if (!value.isIntegralNumber()) {
            problem(name, "must be an integer, got " + Json.shown(value));
            return null;
        }
        if (!value.canConvertToLong()) {
            problem(name, "out of range: " + Json.shown(value));
            return null;
        }
        return value.longValue();
    }

    private ObjectNode asObject(String name, JsonNode value) {
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            problem(name, "must be an object, got " + Json.kind(value));
            return null;
        }
        return (ObjectNode) value;
    }

    private ArrayNode asArray(String name, JsonNode value) {
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            problem(name, "must be a list, got " + Json.kind(value));
            return null;
        }
        return (ArrayNode) value;
    }

    /** An unmodifiable copy that keeps the order, for the {@code extra} component of records. */
    public static Map<String, JsonNode> keep(Map<String, JsonNode> extra) {
        return extra == null || extra.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** Writes kept members after the known ones; a known member already written wins. */
    public static void putRest(ObjectNode target, Map<String, JsonNode> extra) {
        extra.forEach((name, value) -> {
            if (!target.has(name)) {
                target.set(name, value);
            }
        });
    }
}
