package io.harbour.model.extrahop;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.model.Fields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code request} object: Go's {@code http.Request} as ExtraHop serialises it, field names
 * capitalised. Components are null when absent. {@code transferEncoding} and {@code trailer} are
 * kept as sent because the documentation calls them strings, Go sends a list and a header map,
 * and the example sends {@code null}; {@link #transferEncodings()} and {@link #trailerNames()}
 * read any of those forms.
 */
public record ExtraHopRequest(String method, String host, String remoteAddr, String requestUri,
                              String tlsVersion, String proto, Long contentLength,
                              JsonNode transferEncoding, HttpHeaders header, Boolean close,
                              JsonNode trailer, Map<String, JsonNode> extra) {

    public ExtraHopRequest {
        extra = Fields.keep(extra);
    }

    public List<String> transferEncodings() {
        return strings(transferEncoding);
    }

    /** The trailer header names, whether sent as a string, a list or a header map. */
    public List<String> trailerNames() {
        if (trailer != null && trailer.isObject()) {
            List<String> names = new ArrayList<>();
            trailer.fieldNames().forEachRemaining(names::add);
            return List.copyOf(names);
        }
        return strings(trailer);
    }

    static List<String> strings(JsonNode value) {
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (value.isTextual()) {
            return List.of(value.textValue());
        }
        List<String> out = new ArrayList<>();
        value.forEach(item -> out.add(item.asText()));
        return List.copyOf(out);
    }
}
