package io.harbour.query.logharbour;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.logharbour.LogFields;
import io.harbour.query.http.ApiReply;
import io.harbour.query.http.ApiRequest;
import io.harbour.query.http.Handler;
import io.harbour.query.http.RequestParameters;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Seed 003's {@code GetApps}: the apps of the realm's entries that the caller may read (GetSet on
 * app, so a token limited to some apps or classes, or without debug, never learns of an app it
 * could not read an entry of). {@code {"apps":[...]}}, sorted, empty for an empty realm.
 */
public final class GetAppsHandler implements Handler {
    private final LogHarbourContext ctx;

    public GetAppsHandler(LogHarbourContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public ApiReply handle(ApiRequest request) throws IOException {
        RequestParameters.of(request).allowOnly(Set.of());
        CallerScope scope = CallerScope.of(request.caller());
        Set<String> apps = new TreeSet<>(ctx.index().countsByValue(scope.index(), Queries.bool(LogFilter.none(), scope),
                LogFields.APP, null).keySet());
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ArrayNode list = answer.putArray("apps");
        apps.forEach(list::add);
        return ApiReply.json(answer);
    }
}
