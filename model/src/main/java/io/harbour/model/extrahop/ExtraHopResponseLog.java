package io.harbour.model.extrahop;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.model.Fields;
import java.util.Map;

/**
 * {@code {"sequence": 302, "response_status_code": "200", "response_headers": {...},
 * "response_body": {...}}}. ExtraHop's example sends the status code as a string while its field
 * list says number; both are read, and {@code statusCodeAsText} remembers which, so the log is
 * written back in its own form. {@code responseHeaders} and {@code responseBody} are null when absent.
 */
public record ExtraHopResponseLog(long sequence, int statusCode, boolean statusCodeAsText,
                                  HttpHeaders responseHeaders, JsonNode responseBody,
                                  Map<String, JsonNode> extra) implements ExtraHopLog {

    public ExtraHopResponseLog {
        extra = Fields.keep(extra);
    }
}
