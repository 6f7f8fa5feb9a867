package io.harbour.query.logharbour;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.Times;
import io.harbour.layout.logharbour.LogFields;
import io.harbour.model.logharbour.EntryType;

/**
 * Elasticsearch query clauses for LogHarbour documents, as Jackson trees (sent raw, so the
 * building is pure and unit-tested). The field names are the layout module's.
 */
final class Queries {
    /** The format sort values and ranges of {@code when} use: RFC 3339 with up to nine fraction digits. */
    static final String NANOS_FORMAT = "strict_date_optional_time_nanos";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Queries() {
    }

    static ObjectNode term(String field, String value) {
        ObjectNode q = NODES.objectNode();
        q.putObject("term").put(field, value);
        return q;
    }

    static ObjectNode exists(String field) {
        ObjectNode q = NODES.objectNode();
        q.putObject("exists").put("field", field);
        return q;
    }

    /** {@code when} within the window; null when the window is unbounded. */
    static ObjectNode when(TimeWindow window) {
        if (window.unbounded()) {
            return null;
        }
        ObjectNode q = NODES.objectNode();
        ObjectNode range = q.putObject("range").putObject(LogFields.WHEN);
        if (window.from() != null) {
            range.put("gte", Times.format(window.from()));
        }
        if (window.to() != null) {
            range.put("lte", Times.format(window.to()));
        }
        range.put("format", NANOS_FORMAT);
        return q;
    }

    /** Entries with a change to {@code field}: a nested query, since changes are nested documents. */
    static ObjectNode changedField(String field) {
        ObjectNode q = NODES.objectNode();
        ObjectNode nested = q.putObject("nested");
        nested.put("path", LogFields.CHANGES);
        nested.set("query", term(LogFields.CHANGE_FIELD, field));
        return q;
    }

    /**
     * The bool query of a filter inside a scope. pri is a range on {@code pri_level} and leaves
     * type C out with a must_not (never a conjunction of types, which would match nothing).
     */
    static ObjectNode bool(LogFilter f, CallerScope scope) {
        ObjectNode root = NODES.objectNode();
        ObjectNode bool = root.putObject("bool");
        ArrayNode filter = bool.putArray("filter");
        ArrayNode mustNot = bool.putArray("must_not");
        scope.addTo(filter, mustNot);
        addTerm(filter, LogFields.APP, f.app());
        addTerm(filter, LogFields.TYPE, f.type() == null ? null : f.type().code());
        addTerm(filter, LogFields.WHO, f.who());
        addTerm(filter, LogFields.CLASS, f.objectClass());
        addTerm(filter, LogFields.INSTANCE, f.instance());
        addTerm(filter, LogFields.OP, f.op());
        ObjectNode when = when(f.window());
        if (when != null) {
            filter.add(when);
        }
        if (f.remoteAddress() != null) {
            filter.add(term(f.remoteAddress().ipField() ? LogFields.REMOTE_IP : LogFields.REMOTE_IP_TEXT, f.remoteAddress().value()));
        }
        if (f.minimumPriority() != null) {
            ObjectNode range = NODES.objectNode();
            range.putObject("range").putObject(LogFields.PRI_LEVEL).put("gte", f.minimumPriority().ordinal());
            filter.add(range);
            mustNot.add(term(LogFields.TYPE, EntryType.CHANGE.code()));
        }
        return root;
    }

    static void addTerm(ArrayNode filter, String field, String value) {
        if (value != null) {
            filter.add(term(field, value));
        }
    }

    /** Adds a clause to a query made by {@link #bool}. */
    static ObjectNode withFilter(ObjectNode boolQuery, ObjectNode clause) {
        ((ArrayNode) boolQuery.path("bool").path("filter")).add(clause);
        return boolQuery;
    }

    /** (when, doc_id) in one direction: doc_id is the real tie-breaker, so equal times page exactly. */
    static ArrayNode sort(boolean oldestFirst) {
        String order = oldestFirst ? "asc" : "desc";
        ArrayNode sort = NODES.arrayNode();
        ObjectNode when = sort.addObject().putObject(LogFields.WHEN);
        when.put("order", order);
        // The cursor's time comes back as RFC 3339 text with nanoseconds, and is read back the same way.
        when.put("format", NANOS_FORMAT);
        sort.addObject().putObject(io.harbour.layout.CommonFields.DOC_ID).put("order", order);
        return sort;
    }
}
