package io.harbour.model.extrahop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.model.Checked;
import io.harbour.model.Fields;
import io.harbour.model.Json;
import io.harbour.model.Problems;
import io.harbour.model.WireDeserializer;
import io.harbour.model.WireFormat;
import io.harbour.model.WireSerializer;
import java.util.List;
import java.util.Map;

/**
 * Reads, checks and writes {@link ExtraHopLog}. A log with {@code request} or
 * {@code request_body} is a request log; one with any {@code response_*} member is a response
 * log; one with both or neither is refused. The rules: {@code sequence} is a non-negative
 * integer; a request needs {@code Method} (an HTTP token) and a non-empty {@code RequestURI};
 * {@code ContentLength} is -1 (Go's "unknown") or more; header maps hold strings, lists of
 * strings or null; a status code is a number or a numeric string from 100 to 599. Bodies may be
 * any JSON.
 */
public final class ExtraHopLogFormat implements WireFormat<ExtraHopLog> {
    public static final ExtraHopLogFormat INSTANCE = new ExtraHopLogFormat();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> REQUEST_MEMBERS = List.of("request", "request_body");
    private static final List<String> RESPONSE_MEMBERS =
            List.of("response_status_code", "response_headers", "response_body");
    /** RFC 9110 token characters besides letters and digits. */
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private ExtraHopLogFormat() {
    }

    @Override
    public String name() {
        return "ExtraHop API log";
    }

    @Override
    public Checked<ExtraHopLog> read(JsonNode json, int line) {
        Problems problems = new Problems(line);
        Fields f = Fields.of(json, "", problems);
        if (f == null) {
            return Checked.invalid(problems.toList());
        }
        Long sequence = sequence(f);
        boolean request = REQUEST_MEMBERS.stream().anyMatch(json::has);
        boolean response = RESPONSE_MEMBERS.stream().anyMatch(json::has);
        ExtraHopLog log = null;
        if (request && response) {
            problems.add("", "has both request and response members; a log is one or the other");
        } else if (request) {
            log = request(f, sequence);
        } else if (response) {
            log = response(f, sequence);
        } else {
            problems.add("", "neither a request log (no \"request\") nor a response log (no \"response_status_code\")");
        }
        return problems.isEmpty() ? Checked.valid(log) : Checked.invalid(problems.toList());
    }

    private static Long sequence(Fields f) {
        Long sequence = f.requiredInteger("sequence");
        if (sequence != null && sequence < 0) {
            f.problem("sequence", "must be a non-negative integer, got " + sequence);
            return null;
        }
        return sequence;
    }

    private static ExtraHopRequestLog request(Fields f, Long sequence) {
        ObjectNode json = f.requiredObject("request");
        ExtraHopRequest request = json == null ? null : request(new Fields(json, f.pathOf("request"), f.problems()));
        JsonNode body = f.any("request_body");
        Map<String, JsonNode> rest = f.rest();
        return sequence == null || request == null ? null : new ExtraHopRequestLog(sequence, request, body, rest);
    }

    private static ExtraHopRequest request(Fields q) {
        String method = q.nonEmptyString("Method");
        if (method != null && !isToken(method)) {
            q.problem("Method", "not an HTTP method: " + Json.quote(method));
        }
        String host = q.string("Host");
        String remoteAddr = q.string("RemoteAddr");
        String requestUri = q.nonEmptyString("RequestURI");
        String tlsVersion = q.string("TLSVersion");
        String proto = q.string("Proto");
        Long contentLength = q.integer("ContentLength");
        if (contentLength != null && contentLength < -1) {
            q.problem("ContentLength", "must be -1 (unknown) or more, got " + contentLength);
        }
        JsonNode transferEncoding = stringOrList(q, "TransferEncoding", false);
        HttpHeaders header = headers(q, "Header");
        Boolean close = q.bool("Close");
        JsonNode trailer = stringOrList(q, "Trailer", true);
        return new ExtraHopRequest(method, host, remoteAddr, requestUri, tlsVersion, proto,
                contentLength, transferEncoding, header, close, trailer, q.rest());
    }

    private static ExtraHopResponseLog response(Fields f, Long sequence) {
        JsonNode code = f.required("response_status_code");
        Integer status = code == null ? null : statusCode(f, code);
        HttpHeaders headers = headers(f, "response_headers");
        JsonNode body = f.any("response_body");
        Map<String, JsonNode> rest = f.rest();
        return sequence == null || status == null ? null
                : new ExtraHopResponseLog(sequence, status, code.isTextual(), headers, body, rest);
    }

    private static Integer statusCode(Fields f, JsonNode code) {
        String name = "response_status_code";
        int value;
        if (code.isTextual()) {
            String text = code.textValue();
            if (!text.matches("[0-9]{1,3}")) {
                f.problem(name, "not a status code: " + Json.quote(text));
                return null;
            }
            value = Integer.parseInt(text);
        } else if (code.isIntegralNumber() && code.canConvertToInt()) {
            value = code.intValue();
        } else if (code.isNumber()) {
            f.problem(name, "not a status code: " + Json.shown(code));
            return null;
        } else {
            f.problem(name, "must be a number or a string, got " + Json.kind(code));
            return null;
        }
        if (value < 100 || value > 599) {
            f.problem(name, "must be between 100 and 599, got " + value);
            return null;
        }
        return value;
    }

    /** A header map: each value a string, a list of strings, or null. */
    private static HttpHeaders headers(Fields f, String name) {
        ObjectNode json = f.object(name);
        if (json == null) {
            return null;
        }
        Fields h = new Fields(json, f.pathOf(name), f.problems());
        json.fieldNames().forEachRemaining(header -> stringOrList(h, header, false));
        return new HttpHeaders(json);
    }

    /** Null, a string or a list of strings (or, for a trailer, a header map), kept as sent. */
    private static JsonNode stringOrList(Fields f, String name, boolean mapAllowed) {
        JsonNode value = f.any(name);
        if (value == null || value.isNull() || value.isTextual()) {
            return value;
        }
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                if (!value.get(i).isTextual()) {
                    f.problem(name + "[" + i + "]", "must be a string, got " + Json.kind(value.get(i)));
                }
            }
            return value;
        }
        if (value.isObject() && mapAllowed) {
            headers(f, name);
            return value;
        }
        f.problem(name, "must be a string or a list of strings" + (mapAllowed ? " or a header map" : "")
                + ", got " + Json.kind(value));
        return null;
    }

    private static boolean isToken(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean letterOrDigit = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!letterOrDigit && TOKEN_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public ObjectNode write(ExtraHopLog log) {
        ObjectNode out = NODES.objectNode();
        out.put("sequence", log.sequence());
        if (log instanceof ExtraHopRequestLog request) {
            out.set("request", request(request.request()));
            Json.putIfPresent(out, "request_body", request.requestBody());
        } else if (log instanceof ExtraHopResponseLog response) {
            if (response.statusCodeAsText()) {
                out.put("response_status_code", Integer.toString(response.statusCode()));
            } else {
                out.put("response_status_code", response.statusCode());
            }
            Json.putIfPresent(out, "response_headers", response.responseHeaders() == null ? null : response.responseHeaders().json());
            Json.putIfPresent(out, "response_body", response.responseBody());
        }
        Fields.putRest(out, log.extra());
        return out;
    }

    private static ObjectNode request(ExtraHopRequest r) {
        ObjectNode out = NODES.objectNode();
        Json.putIfPresent(out, "Method", r.method());
        Json.putIfPresent(out, "Host", r.host());
        Json.putIfPresent(out, "RemoteAddr", r.remoteAddr());
        Json.putIfPresent(out, "RequestURI", r.requestUri());
        Json.putIfPresent(out, "TLSVersion", r.tlsVersion());
        Json.putIfPresent(out, "Proto", r.proto());
        if (r.contentLength() != null) {
            out.put("ContentLength", r.contentLength());
        }
        Json.putIfPresent(out, "TransferEncoding", r.transferEncoding());
        Json.putIfPresent(out, "Header", r.header() == null ? null : r.header().json());
        if (r.close() != null) {
            out.put("Close", r.close());
        }
        Json.putIfPresent(out, "Trailer", r.trailer());
        Fields.putRest(out, r.extra());
        return out;
    }

    /** For {@link ExtraHopLog}'s {@code @JsonSerialize}. */
    public static final class Serializer extends WireSerializer<ExtraHopLog> {
        private static final long serialVersionUID = 1L;

        public Serializer() {
            super(ExtraHopLog.class, INSTANCE);
        }
    }

    /** For {@link ExtraHopLog}'s {@code @JsonDeserialize}. */
    public static final class Deserializer extends WireDeserializer<ExtraHopLog> {
        private static final long serialVersionUID = 1L;

        public Deserializer() {
            super(ExtraHopLog.class, INSTANCE);
        }
    }
}
