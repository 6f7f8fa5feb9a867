package io.harbour.query.logharbour;

import io.harbour.model.logharbour.EntryType;
import io.harbour.model.logharbour.Priority;
import io.harbour.query.http.ApiException;
import io.harbour.query.http.RequestParameters;
import java.time.Clock;
import java.util.Locale;

/**
 * Seed 003's filter parameters (app, type, who, class, instance, op, fromts, tots, ndays,
 * remoteIP, pri) to a {@link LogFilter}, with its rules: instance only with class; type one of
 * A, C, D, U; pri a level name in any case; pri with type C matches nothing by definition (pri
 * leaves data changes out), so it is refused rather than answered empty.
 */
final class LogFilterParser {
    private final Clock clock;
    private final int maxNdays;

    LogFilterParser(Clock clock, int maxNdays) {
        this.clock = clock;
        this.maxNdays = maxNdays;
    }

    LogFilter parse(RequestParameters p) {
        String objectClass = p.get(Param.CLASS).orElse(null);
        String instance = p.get(Param.INSTANCE).orElse(null);
        if (instance != null && objectClass == null) {
            throw ApiException.badRequest("invalid_parameter", Param.INSTANCE, "instance is only meaningful with class (seed 003)");
        }
        EntryType type = p.get(Param.TYPE).map(LogFilterParser::type).orElse(null);
        Priority pri = p.get(Param.PRI).map(LogFilterParser::priority).orElse(null);
        if (pri != null && type == EntryType.CHANGE) {
            throw ApiException.badRequest("invalid_parameter", Param.PRI,
                    "pri leaves data-change (type C) entries out, so pri with type C can match nothing");
        }
        RemoteAddress remote = p.get(Param.REMOTE_IP).map(RemoteAddress::parse).orElse(null);
        return new LogFilter(p.get(Param.APP).orElse(null), type, p.get(Param.WHO).orElse(null), objectClass, instance,
                p.get(Param.OP).orElse(null), TimeWindow.parse(p, clock, maxNdays), remote, pri);
    }

    TimeWindow window(RequestParameters p) {
        return TimeWindow.parse(p, clock, maxNdays);
    }

    TimeWindow ndaysWindow(RequestParameters p) {
        return TimeWindow.ndaysOnly(p, clock, maxNdays);
    }

    static EntryType type(String text) {
        return EntryType.parse(text.strip().toUpperCase(Locale.ROOT)).orElseThrow(() -> ApiException.badRequest("invalid_type",
                Param.TYPE, "type must be A (activity), C (data change), D (debug) or U (unknown), not \"" + text + "\""));
    }

    static Priority priority(String text) {
        return Priority.parse(text.strip()).orElseThrow(() -> ApiException.badRequest("invalid_priority", Param.PRI,
                "pri must be one of debug2, debug1, debug0, info, warn, err, crit, sec (any case), not \"" + text + "\""));
    }
}
