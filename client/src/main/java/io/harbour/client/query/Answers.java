package io.harbour.client.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.model.Checked;
import io.harbour.model.Json;
import io.harbour.model.logharbour.LogEntry;
import io.harbour.model.logharbour.LogEntryFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the query API's answers into the client's types; no I/O, so every shape is unit-tested.
 * An answer that does not have the documented shape is a {@link QueryException} with the code
 * {@code malformed_answer} (and the HTTP status it came with), never a NullPointerException later.
 */
final class Answers {
    static final String MALFORMED = "malformed_answer";
    private static final String DOC_ID = "doc_id";

    private Answers() {
    }

    static JsonNode json(int status, String body) {
        try {
            JsonNode tree = Json.mapper().readTree(body);
            if (tree == null || !tree.isObject()) {
                throw malformed(status, "the answer is not a JSON object");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw malformed(status, "the answer is not JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * The exception for a refusal: the server's {@code {"error":{"code","message","field"}}} when
     * the body has it, else the status with the start of the body (a proxy's HTML page, say).
     */
    static QueryException error(int status, String body, Optional<String> retryAfter) {
        Duration wait = retryAfter.flatMap(Answers::seconds).orElse(null);
        JsonNode error = null;
        try {
            JsonNode tree = body == null || body.isEmpty() ? null : Json.mapper().readTree(body);
            error = tree == null ? null : tree.get("error");
        } catch (JsonProcessingException notJson) {
            // described below from the raw body
        }
        if (error != null && error.isObject() && error.path("code").isTextual()) {
            return QueryException.of(status, error.path("code").textValue(), error.path("message").asText(""),
                    error.path("field").isTextual() ? error.path("field").textValue() : null, wait);
        }
        String text = body == null ? "" : body.strip();
        return QueryException.of(status, "http_" + status,
                "HTTP " + status + (text.isEmpty() ? "" : ": " + text.substring(0, Math.min(200, text.length()))), null, wait);
    }

    /** Retry-After in delta-seconds; the HTTP-date form, which the query API never sends, is dropped. */
    static Optional<Duration> seconds(String value) {
        try {
            long s = Long.parseLong(value.strip());
            return s >= 0 ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static LogPage logPage(JsonNode answer) {
        JsonNode logs = answer.get("logs");
        if (logs == null || !logs.isArray() || !answer.path("nrec").canConvertToLong()) {
            throw malformed(200, "a page needs logs (an array) and nrec (a number)");
        }
        List<RetrievedEntry> entries = new ArrayList<>(logs.size());
        for (JsonNode item : logs) {
            entries.add(entry(item));
        }
        JsonNode next = answer.get("next");
        Optional<Cursor> cursor = Optional.empty();
        if (next != null && !next.isNull()) {
            if (!next.path("searchAfterTS").isTextual() || !next.path("searchAfterDocID").isTextual()) {
                throw malformed(200, "next needs searchAfterTS and searchAfterDocID");
            }
            cursor = Optional.of(new Cursor(next.get("searchAfterTS").textValue(), next.get("searchAfterDocID").textValue()));
        }
        return new LogPage(entries, answer.path("nrec").asLong(), cursor);
    }

    /** One entry: the wire-shaped LogHarbour entry plus the server's {@code doc_id}. */
    static RetrievedEntry entry(JsonNode item) {
        if (!item.isObject() || !item.path(DOC_ID).isTextual()) {
            throw malformed(200, "each entry needs a doc_id");
        }
        ObjectNode json = (ObjectNode) item;
        ObjectNode wire = json.deepCopy();
        wire.remove(DOC_ID);
        Checked<LogEntry> read = LogEntryFormat.INSTANCE.read(wire, 0);
        if (!read.isValid()) {
            throw malformed(200, "entry " + json.path(DOC_ID).textValue() + " is not a LogHarbour entry: " + read.problems());
        }
        return new RetrievedEntry(json.path(DOC_ID).textValue(), read.value(), json);
    }

    static SetValues setValues(JsonNode answer) {
        JsonNode values = answer.get("setvalues");
        if (values == null || !values.isObject()) {
            throw malformed(200, "getset's answer needs setvalues (an object)");
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : values.properties()) {
            if (!e.getValue().canConvertToLong()) {
                throw malformed(200, "the count of " + Json.quote(e.getKey()) + " is not a number");
            }
            out.put(e.getKey(), e.getValue().asLong());
        }
        return new SetValues(answer.path("setattr").asText(null), out);
    }

    static List<String> apps(JsonNode answer) {
        JsonNode apps = answer.get("apps");
        if (apps == null || !apps.isArray()) {
            throw malformed(200, "getapps' answer needs apps (an array)");
        }
        List<String> out = new ArrayList<>();
        apps.forEach(a -> out.add(a.asText()));
        return List.copyOf(out);
    }

    static UnusualIps unusualIps(JsonNode answer) {
        JsonNode list = answer.get("unusualIPs");
        if (list == null || !list.isArray()) {
            throw malformed(200, "getunusualip's answer needs unusualIPs (an array)");
        }
        List<UnusualIps.UnusualIp> ips = new ArrayList<>();
        for (JsonNode item : list) {
            String city = text(item.get("city"));
            String country = text(item.get("country"));
            Double lat = number(item.get("lat"));
            Double lon = number(item.get("long"));
            Optional<UnusualIps.Location> where = city == null && country == null && lat == null && lon == null
                    ? Optional.empty() : Optional.of(new UnusualIps.Location(city, country, lat, lon));
            ips.add(new UnusualIps.UnusualIp(item.path("ipaddr").asText(), item.path("count").asLong(), where));
        }
        List<String> notes = new ArrayList<>();
        answer.path("notes").forEach(n -> notes.add(n.asText()));
        JsonNode geo = answer.path("geo");
        return new UnusualIps(ips, answer.path("total").asLong(), answer.path("threshold").asLong(),
                geo.path("available").asBoolean(false), text(geo.get("reason")), notes);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Double number(JsonNode n) {
        return n == null || !n.isNumber() ? null : n.doubleValue();
    }

    static QueryException malformed(int status, String message) {
        return new QueryException(status, MALFORMED, message, null, null, null);
    }
}
