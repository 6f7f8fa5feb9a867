package io.harbour.query.logharbour;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexNames;
import io.harbour.layout.logharbour.LogFields;
import io.harbour.model.logharbour.EntryType;
import io.harbour.query.http.ApiException;
import io.harbour.realms.QueryAuthentication;
import io.harbour.realms.QueryScope;

/**
 * What one caller may read, as Elasticsearch sees it:
 * <ul>
 * <li>the realm: only its alias is ever searched ({@link #index()}), which is the confinement;</li>
 * <li>apps: when the token lists apps, {@code terms app} on every query;</li>
 * <li>classes: when the token lists classes, {@code terms class} on every query, so entries
 * without a class (many activity entries have none) are outside such a token's scope: a
 * class-limited token reads only entries about objects of its classes;</li>
 * <li>debug: type D entries are left out unless the token has {@code debug} and the caller's
 * address is in its ranges.</li>
 * </ul>
 * These clauses go into every query, aggregations included, so no total, facet, app list or
 * address list counts anything outside the scope. Naming an app or class outside it is 403.
 * Public because export ({@code io.harbour.query.export}) applies exactly these clauses to entries.
 */
public final class CallerScope {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String realm;
    private final QueryScope scope;
    private final boolean debugAllowed;

    CallerScope(String realm, QueryScope scope, boolean debugAllowed) {
        this.realm = realm;
        this.scope = scope;
        this.debugAllowed = debugAllowed;
    }

    public static CallerScope of(QueryAuthentication.Accepted caller) {
        return new CallerScope(caller.realm(), caller.scope(), caller.debugAllowed());
    }

    String realm() {
        return realm;
    }

    /** The realm's alias over its daily LogHarbour indices. */
    String index() {
        return IndexNames.alias(DocumentKind.LOGHARBOUR, realm);
    }

    /** 403 when the filter names an app, class or type this caller may not read. */
    void check(String app, String objectClass, EntryType type) {
        if (app != null && !scope.allowsApp(app)) {
            throw ApiException.forbidden("app_not_allowed", Param.APP, "this token may not read app \"" + app + "\"");
        }
        if (objectClass != null && !scope.allowsClass(objectClass)) {
            throw ApiException.forbidden("class_not_allowed", Param.CLASS, "this token may not read class \"" + objectClass + "\"");
        }
        if (type == EntryType.DEBUG && !debugAllowed) {
            throw ApiException.forbidden("debug_not_allowed", Param.TYPE,
                    "debug entries need a token with the debug capability, used from one of its debug ranges");
        }
    }

    /** Adds the scope's clauses to a bool query's {@code filter} and {@code must_not}. */
    public void addTo(ArrayNode filter, ArrayNode mustNot) {
        if (!scope.apps().all()) {
            filter.add(terms(LogFields.APP, scope.apps()));
        }
        if (!scope.classes().all()) {
            filter.add(terms(LogFields.CLASS, scope.classes()));
        }
        if (!debugAllowed) {
            mustNot.add(Queries.term(LogFields.TYPE, EntryType.DEBUG.code()));
        }
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode terms(String field, QueryScope.Allowed allowed) {
        var terms = NODES.objectNode();
        ArrayNode values = terms.putObject("terms").putArray(field);
        allowed.names().forEach(values::add);
        return terms;
    }
}
