package io.harbour.client.query;

import java.util.Map;

/** GetSet's answer: how many matching entries hold each value of {@code setattr}. */
public record SetValues(String setattr, Map<String, Long> values) {
    public SetValues {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }
}
