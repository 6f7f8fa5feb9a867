package io.harbour.query.exchange;

import io.harbour.elastic.ElasticsearchConnection;
import io.harbour.query.logharbour.LogHarbourIndex;
import java.time.Clock;

/**
 * What the exchange handlers share.
 *
 * @param index    searches an alias the way the LogHarbour calls do (a realm without exchanges yet answers empty)
 * @param clock    what ndays counts back from
 * @param maxrec   page size, the same {@code limits.getlogs_maxrec} as GetLogs
 * @param maxNdays {@code limits.max_ndays}
 */
public record ExchangeContext(LogHarbourIndex index, Clock clock, int maxrec, int maxNdays) {

    public static ExchangeContext of(ElasticsearchConnection es, Clock clock, int maxrec, int maxNdays) {
        return new ExchangeContext(new LogHarbourIndex(es), clock, maxrec, maxNdays);
    }
}
