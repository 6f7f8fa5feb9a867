package io.harbour.model.extrahop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A header map as Go writes {@code http.Header}: names to lists of values. Kept as the JSON that
 * was sent (so a value sent as a single string or {@code null} is written back the same), with
 * lookups that ignore letter case as HTTP requires.
 */
public record HttpHeaders(ObjectNode json) {

    public HttpHeaders {
        Objects.requireNonNull(json, "json");
    }

    public List<String> names() {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return List.copyOf(names);
    }

    /** Every value of {@code name} in any letter case, in the order sent. */
    public List<String> values(String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> member : json.properties()) {
            if (member.getKey().equalsIgnoreCase(name)) {
                values.addAll(ExtraHopRequest.strings(member.getValue()));
            }
        }
        return List.copyOf(values);
    }

    public Optional<String> first(String name) {
        return values(name).stream().findFirst();
    }
}
