package io.harbour.query.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.layout.Mappings;
import io.harbour.model.Json;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The named parameters of an API call, from either place a caller may put them: the query string
 * of a GET, or the JSON object of a POST ({@code {"app":"crm","ndays":7}}). Values are text
 * either way (a JSON number becomes its text), so one parser serves both. An empty value or a
 * JSON null is the same as leaving the parameter out.
 */
public final class RequestParameters {
    /** The longest keyword the indices keep a term for ({@link Mappings#LONG_KEYWORD_CHARS}); no value longer can match. */
    static final int MAX_VALUE_CHARS = Mappings.LONG_KEYWORD_CHARS;

    private final Map<String, String> values;

    public RequestParameters(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /**
     * The parameters of {@code request}.
     *
     * @throws ApiException 400 {@code invalid_parameter} for a name given twice or a JSON member that is
     *                      an object or array, {@code malformed_json} for a body that is not a JSON
     *                      object, 415 {@code unsupported_media_type} for a POST body of another type
     */
    public static RequestParameters of(ApiRequest request) {
        return of(request, null);
    }

    /**
     * As {@link #of(ApiRequest)}, and a body that is one object holding only {@code wrapper}
     * ({@code {"data":{...}}}, what the LogHarbour UI posts) is read as that inner object.
     */
    public static RequestParameters of(ApiRequest request, String wrapper) {
        Map<String, String> out = new LinkedHashMap<>();
        if (request.method().equals(HttpMethod.POST)) {
            String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
            if (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                throw new ApiException(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                        "POST a JSON object (Content-Type: application/json), not " + type, null);
            }
            readJson(request.body(), wrapper, out);
        }
        request.query().forEach((name, list) -> {
            if (list.size() > 1 || out.containsKey(name)) {
                throw ApiException.badRequest("invalid_parameter", name, name + " is given more than once");
            }
            putIfNotEmpty(out, name, list.isEmpty() ? null : list.get(0));
        });
        return new RequestParameters(out);
    }

    private static void readJson(byte[] body, String wrapper, Map<String, String> out) {
        if (body.length == 0) {
            return;
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("malformed_json", null, "the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("malformed_json", null, "the body is not JSON: " + e.getMessage());
        } catch (NumberFormatException e) {
            // BigDecimal refuses an exponent beyond an int (1e99999999999): still the caller's mistake.
            throw ApiException.badRequest("malformed_json", null, "the body holds a number out of range: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw ApiException.badRequest("malformed_json", null, "the body must be one JSON object of parameters");
        }
        if (wrapper != null && tree.size() == 1 && tree.path(wrapper).isObject()) {
            tree = tree.get(wrapper);
        }
        for (Map.Entry<String, JsonNode> member : tree.properties()) {
            JsonNode value = member.getValue();
            if (value.isContainerNode()) {
                throw ApiException.badRequest("invalid_parameter", member.getKey(), member.getKey() + " must be a string or a number");
            }
            putIfNotEmpty(out, member.getKey(), value.isNull() ? null : value.asText());
        }
    }

    private static void putIfNotEmpty(Map<String, String> out, String name, String value) {
        if (value != null && !value.isEmpty()) {
            if (value.length() > MAX_VALUE_CHARS) {
                // Longer than any term the indices hold, and past Lucene's term limit a search with it
                // fails as a whole (a 500 before: QueryInjectionIT, post-getlogs-who-long-100000).
                throw ApiException.badRequest("invalid_parameter", name, name + " is longer than " + MAX_VALUE_CHARS
                        + " characters, longer than any value stored");
            }
            out.put(name, value);
        }
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** The value, or 400 {@code missing_parameter} naming it. */
    public String require(String name) {
        return get(name).orElseThrow(() -> ApiException.badRequest("missing_parameter", name, name + " is required"));
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** 400 {@code unknown_parameter} for the first name not in {@code known}: a typo must not widen a query silently. */
    public RequestParameters allowOnly(Collection<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw ApiException.badRequest("unknown_parameter", name,
                        "unknown parameter " + name + "; this call takes " + String.join(", ", new TreeSet<>(known)));
            }
        }
        return this;
    }

    /** For tests. */
    public static RequestParameters of(Map<String, String> values) {
        return new RequestParameters(values);
    }

    public Map<String, String> asMap() {
        return values;
    }

}
