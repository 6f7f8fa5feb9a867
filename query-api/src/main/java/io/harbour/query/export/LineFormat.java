package io.harbour.query.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.CommonFields;
import io.harbour.layout.exchange.ExchangeFields;
import io.harbour.layout.logharbour.LogEntrySources;
import io.harbour.model.Json;
import io.harbour.query.http.ApiException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Turns a stored document into its export line: the kind's catalogue fields in catalogue order
 * ({@link FieldCatalogue}), projected to {@code fields} (plus {@code kind}, always), every time
 * field written in the asked {@link TimestampFormat}, then one newline. LogHarbour entries read as
 * the entry that was sent ({@link LogEntrySources#toEntry}), its unknown members under
 * {@code extra}; exchanges carry their order time as {@code received_at}.
 */
final class LineFormat {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Set<String> fields;
    private final TimestampFormat timestamps;

    /** @param fields empty for every field */
    LineFormat(Set<String> fields, TimestampFormat timestamps) {
        this.fields = Set.copyOf(fields);
        this.timestamps = timestamps;
    }

    /** 400 {@code invalid_field} when a field is in none of {@code kinds}' catalogues, listing the valid ones. */
    static void check(Set<String> fields, Collection<ExportKind> kinds) {
        Set<String> valid = FieldCatalogue.names(kinds);
        for (String field : fields) {
            if (!valid.contains(field)) {
                throw ApiException.badRequest("invalid_field", "fields", "unknown field " + field + " for "
                        + String.join(", ", kinds.stream().map(ExportKind::wireName).toList()) + "; valid fields: "
                        + String.join(",", valid));
            }
        }
    }

    ObjectNode line(ExportKind kind, JsonNode source) {
        ObjectNode values = values(kind, source);
        ObjectNode line = NODES.objectNode();
        for (FieldCatalogue.Field field : FieldCatalogue.fields(kind)) {
            String name = field.name();
            if (!name.equals(FieldCatalogue.KIND) && !fields.isEmpty() && !fields.contains(name)) {
                continue;
            }
            JsonNode value = values.get(name);
            if (value == null || value.isNull()) {
                continue;
            }
            line.set(name, field.isTime() ? renderTimes(value, field.timePaths()) : value);
        }
        return line;
    }

    byte[] bytes(ExportKind kind, JsonNode source) {
        return serialize(line(kind, source));
    }

    static byte[] serialize(ObjectNode line) {
        try {
            byte[] json = Json.mapper().writeValueAsBytes(line);
            byte[] out = new byte[json.length + 1];
            System.arraycopy(json, 0, out, 0, json.length);
            out[json.length] = '\n';
            return out;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a tree of plain nodes always serialises", e);
        }
    }

    /** Every catalogue field's stored value, by line name. */
    private static ObjectNode values(ExportKind kind, JsonNode source) {
        ObjectNode v = NODES.objectNode();
        v.put(FieldCatalogue.KIND, kind.wireName());
        switch (kind) {
            case LOGHARBOUR -> {
                copy(source, v, CommonFields.RECEIVED_AT, CommonFields.DOC_ID, CommonFields.RECEIPT_ID, CommonFields.SENDER,
                        CommonFields.SENDER_ADDRESS);
                ObjectNode entry = LogEntrySources.toEntry(source);
                for (String name : FieldCatalogue.order(kind)) {
                    if (!v.has(name) && entry.has(name) && !name.equals(CommonFields.EXTRA)) {
                        v.set(name, entry.get(name));
                    }
                }
                copy(source, v, CommonFields.EXTRA);
            }
            case EXCHANGES -> {
                v.set(FieldCatalogue.RECEIVED_AT, source.get(ExchangeFields.FIRST_RECEIVED_AT));
                for (String name : FieldCatalogue.order(kind)) {
                    if (!v.has(name)) {
                        copy(source, v, name);
                    }
                }
            }
            case OBSERVATIONS -> {
                for (String name : FieldCatalogue.order(kind)) {
                    if (!v.has(name)) {
                        copy(source, v, name);
                    }
                }
            }
        }
        return v;
    }

    private static void copy(JsonNode from, ObjectNode to, String... names) {
        for (String name : names) {
            JsonNode value = from.get(name);
            if (value != null) {
                to.set(name, value);
            }
        }
    }

    private JsonNode renderTimes(JsonNode value, List<List<String>> paths) {
        JsonNode out = value;
        for (List<String> path : paths) {
            if (path.isEmpty()) {
                out = timestamps.renderStored(out);
            } else if (out.isObject() && out.has(path.get(0))) {
                // A nested time (an exchange half's received_at): change a copy, never the stored tree.
                ObjectNode copy = out == value ? ((ObjectNode) out).deepCopy() : (ObjectNode) out;
                copy.set(path.get(0), timestamps.renderStored(copy.get(path.get(0))));
                out = copy;
            }
        }
        return out;
    }
}
