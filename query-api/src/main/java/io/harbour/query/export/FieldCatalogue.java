package io.harbour.query.export;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fields of an export line, per kind, each with one line of description: what
 * {@code /api/v1/logs/received/fields} answers and what {@code fields=} may name. Lines write
 * their fields in this order whatever order Elasticsearch keeps the source in (an exchange's
 * source is merged from partial updates, in the order they were applied), so a line's bytes
 * depend only on the document. {@code kind} is on every line, projected or not: in a stream of
 * several kinds it is what tells the lines apart.
 */
public final class FieldCatalogue {
    public static final String KIND = "kind";
    public static final String RECEIVED_AT = "received_at";
    public static final String DOC_ID = "doc_id";

    /** One field of a line. {@code timePaths}: the time values inside it (empty path = the field itself). */
    public record Field(String name, String description, List<List<String>> timePaths) {
        boolean isTime() {
            return !timePaths.isEmpty();
        }
    }

    private static final List<List<String>> TIME = List.of(List.of());
    private static final List<List<String>> NOT_TIME = List.of();
    private static final List<List<String>> HALF_TIME = List.of(List.of("received_at"));

    private static final Map<ExportKind, Map<String, Field>> FIELDS = new EnumMap<>(ExportKind.class);

    static {
        put(ExportKind.LOGHARBOUR,
                f(KIND, "always logharbour for a LogHarbour entry", NOT_TIME),
                f(RECEIVED_AT, "when the receiver received the entry (the export's order, and the watermark's measure)", TIME),
                f(DOC_ID, "the document id: the entry's id, or a hash of realm and entry when it had none", NOT_TIME),
                f("receipt_id", "the id of the HTTP request (the 202's receipt) that brought the entry", NOT_TIME),
                f("sender", "who sent it: key:<id>, cert:<subject> or addr:<ip>", NOT_TIME),
                f("sender_address", "the sender's IP address", NOT_TIME),
                f("id", "the entry's own id (a KSUID from the LogHarbour library)", NOT_TIME),
                f("app", "the application that logged the entry", NOT_TIME),
                f("system", "the host or system the application ran on", NOT_TIME),
                f("module", "the module within the application", NOT_TIME),
                f("type", "A activity, C data change, D debug, U unknown", NOT_TIME),
                f("pri", "the priority: Debug2, Debug1, Debug0, Info, Warn, Err, Crit, Sec", NOT_TIME),
                f("when", "the time the application gave the entry", TIME),
                f("who", "the user or actor", NOT_TIME),
                f("op", "the operation", NOT_TIME),
                f("class", "the class of the object the entry is about", NOT_TIME),
                f("instance", "the instance id of that object", NOT_TIME),
                f("status", "0 success, 1 failure", NOT_TIME),
                f("error", "the error text of a failure", NOT_TIME),
                f("remote_ip", "the client address the application saw, as sent (LOCAL included)", NOT_TIME),
                f("msg", "the message", NOT_TIME),
                f("data", "the entry's data: activity_data, change_data or debug_data, as sent", NOT_TIME),
                f("trace_id", "the trace id, when the application traced", NOT_TIME),
                f("span_id", "the span id, when the application traced", NOT_TIME),
                f("extra", "members of the entry that LogHarbour's format does not define, as sent", NOT_TIME));
        put(ExportKind.EXCHANGES,
                f(KIND, "always exchanges for an ExtraHop request/response exchange", NOT_TIME),
                f(RECEIVED_AT, "the earlier receive time of the exchange's two halves (the export's order)", TIME),
                f(DOC_ID, "the document id, the same as exchange_id", NOT_TIME),
                f("exchange_id", "the exchange's id: a hash of realm, sensor, sequence and the opening record", NOT_TIME),
                f("sensor", "the identity of the sensor that sent the logs", NOT_TIME),
                f("sequence", "the sensor's sequence number shared by the request and its response", NOT_TIME),
                f("state", "complete (both halves), orphan (the partner never came) or pending", NOT_TIME),
                f("opened_by", "request or response: the half that arrived first", NOT_TIME),
                f("opened_at", "the receive time of the half that opened the exchange", TIME),
                f("latency_ms", "response receive time minus request receive time, milliseconds", NOT_TIME),
                f("orphaned_at", "when the indexer stopped waiting for the missing half", TIME),
                f("request", "the request log as sent, with its received_at, receipt_id and sender", HALF_TIME),
                f("response", "the response log as sent, with its received_at, receipt_id and sender", HALF_TIME));
        put(ExportKind.OBSERVATIONS,
                f(KIND, "always observations for an address observation", NOT_TIME),
                f(RECEIVED_AT, "when the receiver received the observation (the export's order)", TIME),
                f(DOC_ID, "the document id: a hash of realm, both addresses, timestamp and source", NOT_TIME),
                f("receipt_id", "the id of the HTTP request (the 202's receipt) that brought the observation", NOT_TIME),
                f("sender", "who sent it: key:<id>, cert:<subject> or addr:<ip>", NOT_TIME),
                f("sender_address", "the sender's IP address", NOT_TIME),
                f("ipaddr", "the address observed (a VPN client's inner address)", NOT_TIME),
                f("associated_ipaddr", "the address it was associated with (its real address)", NOT_TIME),
                f("observed_at", "the observation's time", TIME),
                f("timestamp", "the observation's time as sent (epoch seconds), in the line's timestamp format", TIME),
                f("source", "the upload's source, such as OpenVPN", NOT_TIME),
                f("extra", "members of the observation the ExtraHop format does not define, as sent", NOT_TIME),
                f("upload_extra", "members of the upload around the observation the format does not define", NOT_TIME));
    }

    private FieldCatalogue() {
    }

    private static Field f(String name, String description, List<List<String>> timePaths) {
        return new Field(name, description, timePaths);
    }

    private static void put(ExportKind kind, Field... fields) {
        Map<String, Field> map = new LinkedHashMap<>();
        for (Field field : fields) {
            map.put(field.name(), field);
        }
        FIELDS.put(kind, map);
    }

    /** The fields of {@code kind}, in line order. */
    public static Collection<Field> fields(ExportKind kind) {
        return FIELDS.get(kind).values();
    }

    public static boolean has(ExportKind kind, String name) {
        return FIELDS.get(kind).containsKey(name);
    }

    /** Every field name of these kinds, sorted: what a refusal of an unknown field lists. */
    public static Set<String> names(Collection<ExportKind> kinds) {
        Set<String> names = new TreeSet<>();
        kinds.forEach(k -> names.addAll(FIELDS.get(k).keySet()));
        return names;
    }

    /** The field names of {@code kind} in line order. */
    public static List<String> order(ExportKind kind) {
        return new ArrayList<>(FIELDS.get(kind).keySet());
    }

    static Field field(ExportKind kind, String name) {
        return FIELDS.get(kind).get(name);
    }
}
