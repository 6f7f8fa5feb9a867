package io.harbour.model.extrahop;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.model.Fields;
import java.util.Map;
import java.util.Objects;

/**
 * {@code {"sequence": 302, "request": {...}, "request_body": {...}}}. {@code requestBody} is any
 * JSON as sent, or null when absent (ExtraHop sends it for POST, PUT and PATCH only).
 */
public record ExtraHopRequestLog(long sequence, ExtraHopRequest request, JsonNode requestBody,
                                 Map<String, JsonNode> extra) implements ExtraHopLog {

    public ExtraHopRequestLog {
        Objects.requireNonNull(request, "request");
        extra = Fields.keep(extra);
    }
}
