package io.harbour.receiver.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.model.Json;
import io.harbour.model.Problem;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * One answer, independent of the connection it goes out on, so the ingest logic can be tested
 * without Netty and the handler has one way to write any answer. Errors are
 * {@code {"error":{"code":..,"message":..,"problems":[{"line":..,"field":..,"reason":..}]}}}: the
 * code is stable for machines, the message is for people.
 *
 * @param status      the HTTP status
 * @param code        the machine code of a refusal (also the metrics reason); null on success
 * @param body        the body bytes
 * @param contentType the body's media type
 * @param retryAfter  sent as {@code Retry-After} in whole seconds (at least 1); null for none
 * @param allow       sent as {@code Allow} with 405; null for none
 */
record Reply(HttpResponseStatus status, String code, byte[] body, String contentType, Duration retryAfter, String allow) {
    static final String JSON = "application/json";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static Reply json(HttpResponseStatus status, ObjectNode body) {
        return new Reply(status, null, bytes(body), JSON, null, null);
    }

    static Reply text(HttpResponseStatus status, String contentType, String body) {
        return new Reply(status, null, body.getBytes(StandardCharsets.UTF_8), contentType, null, null);
    }

    static Reply error(HttpResponseStatus status, String code, String message) {
        return error(status, code, message, List.of());
    }

    static Reply error(HttpResponseStatus status, String code, String message, List<Problem> problems) {
        ObjectNode error = NODES.objectNode();
        error.put("code", code);
        error.put("message", message);
        if (!problems.isEmpty()) {
            error.set("problems", problems(problems));
        }
        ObjectNode root = NODES.objectNode();
        root.set("error", error);
        return new Reply(status, code, bytes(root), JSON, null, null);
    }

    static Reply from(HttpRefusal refusal) {
        return error(refusal.status(), refusal.code(), refusal.getMessage()).withRetryAfter(refusal.retryAfter());
    }

    /** {@code {"accepted": n, "receipt": ".."}}, plus the rejected problems when a partial batch had some. */
    static Reply accepted(int accepted, String receipt, List<Problem> rejected, boolean partial) {
        if (!partial && receipt != null && isPlain(receipt)) {
            // The common answer, written directly: the very bytes the mapper writes for this tree.
            String json = "{\"accepted\":" + accepted + ",\"receipt\":\"" + receipt + "\"}";
            return new Reply(HttpResponseStatus.ACCEPTED, null, json.getBytes(StandardCharsets.US_ASCII), JSON, null, null);
        }
        ObjectNode root = NODES.objectNode();
        root.put("accepted", accepted);
        if (partial) {
            root.set("rejected", problems(rejected));
        }
        root.put("receipt", receipt);
        return json(HttpResponseStatus.ACCEPTED, root);
    }

    /** Letters and digits only (as every receipt id is): nothing in it that JSON would escape. */
    private static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }

    static ArrayNode problems(List<Problem> problems) {
        ArrayNode list = NODES.arrayNode(problems.size());
        for (Problem p : problems) {
            ObjectNode item = list.addObject();
            item.put("line", p.line());
            item.put("field", p.path());
            item.put("reason", p.reason());
        }
        return list;
    }

    Reply withRetryAfter(Duration value) {
        return new Reply(status, code, body, contentType, value, allow);
    }

    Reply withAllow(String value) {
        return new Reply(status, code, body, contentType, retryAfter, value);
    }

    boolean isSuccess() {
        return status.code() < 300;
    }

    FullHttpResponse toResponse(HttpVersion version) {
        FullHttpResponse response = new DefaultFullHttpResponse(version, status, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (retryAfter != null) {
            // Whole seconds, rounded up and never 0: "retry at once" would only repeat the refusal.
            long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
            response.headers().set(HttpHeaderNames.RETRY_AFTER, seconds);
        }
        if (allow != null) {
            response.headers().set(HttpHeaderNames.ALLOW, allow);
        }
        return response;
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return Json.mapper().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a tree of plain nodes always serialises", e);
        }
    }
}
