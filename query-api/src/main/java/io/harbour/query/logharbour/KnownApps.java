package io.harbour.query.logharbour;

import io.harbour.query.http.ApiException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;

/**
 * Seed 002's {@code app_not_found}: asked only when an answer naming an app came back empty, so
 * "no entries match" and "no such app" can be told apart at the cost of one count, and only
 * then. The app must be in the caller's scope already (outside it is 403 before any search), and
 * it is looked for among the entries the caller may read, so the answer reveals nothing more.
 */
final class KnownApps {
    private KnownApps() {
    }

    static void require(LogHarbourContext ctx, CallerScope scope, String app) throws IOException {
        if (app == null) {
            return;
        }
        LogFilter onlyApp = new LogFilter(app, null, null, null, null, null, TimeWindow.ALL, null, null);
        if (ctx.index().count(scope.index(), Queries.bool(onlyApp, scope)) == 0) {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "app_not_found",
                    "no entry of app \"" + app + "\" in realm " + scope.realm(), Param.APP);
        }
    }
}
