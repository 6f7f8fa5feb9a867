package io.harbour.query.webservice;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.model.Json;
import io.harbour.query.http.ApiException;
import io.harbour.query.http.ApiRequest;
import io.harbour.query.http.RequestParameters;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of a seed-002 or UI call: a JSON object in the POST body, either plain
 * ({@code {"app":"shop","days":7}}) or wrapped as LogHarbour's service takes it
 * ({@code {"data":{"app":"shop","days":7}}}); a GET's query string otherwise. Values are text (a
 * JSON number becomes its text); an empty string or a null is the same as leaving it out (the UI
 * sends empty strings for unset filters).
 */
public final class CallParameters {
    public static final String WRAPPER = "data";

    private CallParameters() {
    }

    public static RequestParameters read(ApiRequest request) {
        Map<String, String> out = new LinkedHashMap<>();
        if (request.method().equals(HttpMethod.POST)) {
            String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
            if (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                throw new ApiException(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                        "POST a JSON object (Content-Type: application/json), not " + type, null);
            }
            readBody(request.body(), out);
        }
        request.query().forEach((name, list) -> {
            if (list.size() > 1 || out.containsKey(name)) {
                throw ApiException.badRequest("invalid_parameter", name, name + " is given more than once");
            }
            if (!list.isEmpty() && !list.get(0).isEmpty()) {
                out.put(name, list.get(0));
            }
        });
        return new RequestParameters(out);
    }

    static void readBody(byte[] body, Map<String, String> out) {
        if (body.length == 0) {
            return;
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("malformed_json", null, "the body is not JSON: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw ApiException.badRequest("malformed_json", null, "the body must be one JSON object of parameters");
        }
        if (tree.size() == 1 && tree.path(WRAPPER).isObject()) {
            tree = tree.get(WRAPPER);
        }
        for (Map.Entry<String, JsonNode> member : tree.properties()) {
            JsonNode value = member.getValue();
            if (value.isContainerNode()) {
                throw ApiException.badRequest("invalid_parameter", member.getKey(), member.getKey() + " must be a string or a number");
            }
            if (!value.isNull() && !value.asText().isEmpty()) {
                out.put(member.getKey(), value.asText());
            }
        }
    }
}
