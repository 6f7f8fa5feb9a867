package io.harbour.query.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.model.Json;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One answer, independent of the connection it leaves on, so handlers are tested without Netty.
 *
 * @param code       the error code of a refusal (also its metrics reason); null on success
 * @param retryAfter sent as {@code Retry-After} in whole seconds (at least 1); null for none
 * @param headers    further headers ({@code Allow}, CORS)
 */
public record ApiReply(HttpResponseStatus status, String code, byte[] body, String contentType, Duration retryAfter,
                       Map<String, String> headers) {
    public static final String JSON = "application/json";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public static ApiReply json(JsonNode body) {
        return json(HttpResponseStatus.OK, body);
    }

    public static ApiReply json(HttpResponseStatus status, JsonNode body) {
        return new ApiReply(status, null, bytes(body), JSON, null, Map.of());
    }

    public static ApiReply text(HttpResponseStatus status, String contentType, String body) {
        return new ApiReply(status, null, body.getBytes(StandardCharsets.UTF_8), contentType, null, Map.of());
    }

    public static ApiReply empty(HttpResponseStatus status) {
        return new ApiReply(status, null, new byte[0], null, null, Map.of());
    }

    /** {@code {"error":{"code","message","field"}}}; {@code field} left out when null. */
    public static ApiReply error(HttpResponseStatus status, String code, String message, String field) {
        ObjectNode error = NODES.objectNode();
        error.put("code", code);
        error.put("message", message);
        if (field != null) {
            error.put("field", field);
        }
        ObjectNode root = NODES.objectNode();
        root.set("error", error);
        return new ApiReply(status, code, bytes(root), JSON, null, Map.of());
    }

    public ApiReply withRetryAfter(Duration value) {
        return new ApiReply(status, code, body, contentType, value, headers);
    }

    public ApiReply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiReply(status, code, body, contentType, retryAfter, Map.copyOf(more));
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return Json.mapper().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a tree of plain nodes always serialises", e);
        }
    }
}
