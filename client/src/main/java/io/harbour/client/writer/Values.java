package io.harbour.client.writer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The Go library's {@code convertToString}: strings as they are, anything else as JSON text. */
final class Values {
    // Maps sorted by key, as Go's encoding/json writes them, so one value always gives one text.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Values() {
    }

    static String toText(Object value) {
        if (value instanceof String s) {
            return s;
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Like the library: the entry is still written, with the reason in place of the value.
            return "strconv error: " + e.getOriginalMessage();
        }
    }
}
