package io.harbour.model.logharbour;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.model.Fields;
import java.util.Map;

/**
 * {@code {"debug_data": {...}}}: where in the program a debug entry was logged. Members are null
 * when absent. {@code data} is kept as JSON: current versions send a string, older ones any value.
 */
public record DebugData(Long pid, String runtime, String file, Long line, String func,
                        String stackTrace, JsonNode data, Map<String, JsonNode> extra) implements LogData {

    public DebugData {
        extra = Fields.keep(extra);
    }
}
