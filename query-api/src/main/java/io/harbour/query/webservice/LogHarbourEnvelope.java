package io.harbour.query.webservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.query.http.ApiException;
import io.harbour.query.http.ApiReply;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/**
 * LogHarbour's answer envelope, the one error shape of seed 002's web service ({@code /api/v1/ws/})
 * and of the LogHarbour UI's routes ({@code /api/v1/...}):
 * {@code {"status":"error","data":null,"messages":[{"msgid":n,"errcode":"...","field":"...","message":"..."}]}}
 * with the refusal's own HTTP status (400, 401, 403, 404, 415, 503: the UI turns each into its own
 * toast, 404 into "Data not available"). {@code msgid} is a stable number per {@code errcode}, as
 * LogHarbour's messages carry; {@code field} is left out when the refusal is about the request as
 * a whole; {@code message} is the human text (LogHarbour's clients ignore it).
 */
public final class LogHarbourEnvelope {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Stable message ids: never renumber, only add. */
    static final Map<String, Integer> MSGIDS = Map.ofEntries(
            Map.entry("missing_credentials", 1001),
            Map.entry("unknown_token", 1002),
            Map.entry("app_not_allowed", 1003),
            Map.entry("class_not_allowed", 1004),
            Map.entry("debug_not_allowed", 1005),
            Map.entry("app_not_found", 1101),
            Map.entry("invalid_days", 1102),
            Map.entry("pagination_error", 1103),
            Map.entry("invalid_ip", 1104),
            Map.entry("invalid_priority", 1105),
            Map.entry("invalid_percent", 1106),
            Map.entry("invalid_setattr", 1107),
            Map.entry("invalid_type", 1108),
            Map.entry("missing_parameter", 1109),
            Map.entry("unknown_parameter", 1110),
            Map.entry("invalid_parameter", 1111),
            Map.entry("malformed_json", 1112),
            Map.entry("unsupported_media_type", 1113),
            Map.entry("elasticsearch_unavailable", 1201),
            Map.entry("internal_error", 1299));
    /** Any code not in the table (a new one nobody numbered yet). */
    static final int OTHER_MSGID = 1000;

    private LogHarbourEnvelope() {
    }

    public static int msgid(String errcode) {
        return MSGIDS.getOrDefault(errcode, OTHER_MSGID);
    }

    /** {@code {"status":"success","data":data,"messages":[]}}: the UI's answer. */
    public static ObjectNode success(JsonNode data) {
        ObjectNode root = NODES.objectNode();
        root.put("status", "success");
        root.set("data", data);
        root.putArray("messages");
        return root;
    }

    public static ObjectNode errorBody(String errcode, String field, String message) {
        ObjectNode root = NODES.objectNode();
        root.put("status", "error");
        root.putNull("data");
        ObjectNode m = root.putArray("messages").addObject();
        m.put("msgid", msgid(errcode));
        m.put("errcode", errcode);
        if (field != null) {
            m.put("field", field);
        }
        m.put("message", message);
        return root;
    }

    public static ApiReply error(ApiException e) {
        return error(e.status(), e.code(), e.field(), e.getMessage()).withRetryAfter(e.retryAfter());
    }

    public static ApiReply error(HttpResponseStatus status, String errcode, String field, String message) {
        ApiReply body = ApiReply.json(status, errorBody(errcode, field, message));
        // The code is what metrics count refusals by, as for every other route.
        return new ApiReply(body.status(), errcode, body.body(), body.contentType(), null, body.headers());
    }
}
