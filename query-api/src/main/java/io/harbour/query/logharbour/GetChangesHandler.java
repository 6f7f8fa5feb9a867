package io.harbour.query.logharbour;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.model.logharbour.EntryType;
import io.harbour.query.http.ApiReply;
import io.harbour.query.http.ApiRequest;
import io.harbour.query.http.Handler;
import io.harbour.query.http.RequestParameters;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * Seed 003's {@code GetChanges}: the data-change (type C) entries of one object instance (app,
 * class and instance required), oldest first, so the creating entry comes first and a deleting
 * one last; with {@code field}, only the entries that changed that field (a nested query: changes
 * are nested documents). Paged like GetLogs, with the same answer.
 */
public final class GetChangesHandler implements Handler {
    static final Set<String> PARAMETERS = Set.of(Param.APP, Param.WHO, Param.CLASS, Param.INSTANCE, Param.FIELD,
            Param.FROMTS, Param.TOTS, Param.NDAYS, Param.SEARCH_AFTER_TS, Param.SEARCH_AFTER_DOC_ID);

    private final LogHarbourContext ctx;

    public GetChangesHandler(LogHarbourContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public ApiReply handle(ApiRequest request) throws IOException {
        RequestParameters p = RequestParameters.of(request).allowOnly(PARAMETERS);
        String app = p.require(Param.APP);
        String objectClass = p.require(Param.CLASS);
        String instance = p.require(Param.INSTANCE);
        CallerScope scope = CallerScope.of(request.caller());
        scope.check(app, objectClass, EntryType.CHANGE);
        TimeWindow window = ctx.parser().window(p);
        Optional<Cursor> cursor = Cursor.parse(p);
        LogFilter filter = new LogFilter(app, EntryType.CHANGE, p.get(Param.WHO).orElse(null), objectClass, instance, null,
                window, null, null);
        ObjectNode query = Queries.bool(filter, scope);
        p.get(Param.FIELD).ifPresent(field -> Queries.withFilter(query, Queries.changedField(field)));
        ObjectNode answer = EntryPages.fetch(ctx.index(), scope.index(), query, true, cursor, ctx.maxrec());
        if (answer.path("nrec").asLong() == 0) {
            KnownApps.require(ctx, scope, app);
        }
        return ApiReply.json(answer);
    }
}
