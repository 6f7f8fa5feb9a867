package io.harbour.query.logharbour;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.query.http.ApiReply;
import io.harbour.query.http.ApiRequest;
import io.harbour.query.http.Handler;
import io.harbour.query.http.RequestParameters;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * Seed 003's {@code GetLogs}: up to MAXREC entries matching the filter, oldest first when only
 * fromts is given and newest first otherwise, the exact total as {@code nrec}, and the cursor of
 * the next page. See {@link EntryPages} for the answer.
 */
public final class GetLogsHandler implements Handler {
    static final Set<String> PARAMETERS = Set.of(Param.APP, Param.TYPE, Param.WHO, Param.CLASS, Param.INSTANCE, Param.OP,
            Param.FROMTS, Param.TOTS, Param.NDAYS, Param.REMOTE_IP, Param.PRI, Param.SEARCH_AFTER_TS, Param.SEARCH_AFTER_DOC_ID);

    private final LogHarbourContext ctx;

    public GetLogsHandler(LogHarbourContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public ApiReply handle(ApiRequest request) throws IOException {
        RequestParameters p = RequestParameters.of(request).allowOnly(PARAMETERS);
        CallerScope scope = CallerScope.of(request.caller());
        LogFilter filter = ctx.parser().parse(p);
        scope.check(filter.app(), filter.objectClass(), filter.type());
        Optional<Cursor> cursor = Cursor.parse(p);
        ObjectNode answer = EntryPages.fetch(ctx.index(), scope.index(), Queries.bool(filter, scope),
                filter.window().oldestFirst(), cursor, ctx.maxrec());
        if (answer.path("nrec").asLong() == 0) {
            KnownApps.require(ctx, scope, filter.app());
        }
        return ApiReply.json(answer);
    }
}
