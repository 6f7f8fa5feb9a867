package io.harbour.query.logharbour;

import io.harbour.elastic.ElasticsearchConnection;
import io.harbour.query.geo.GeoLocator;
import java.time.Clock;

/**
 * What the LogHarbour handlers share.
 *
 * @param maxrec LOGHARBOUR_GETLOGS_MAXREC ({@code limits.getlogs_maxrec})
 */
public record LogHarbourContext(LogHarbourIndex index, LogFilterParser parser, int maxrec, GeoLocator geo) {

    public static LogHarbourContext of(ElasticsearchConnection es, Clock clock, int maxrec, int maxNdays, GeoLocator geo) {
        return new LogHarbourContext(new LogHarbourIndex(es), new LogFilterParser(clock, maxNdays), maxrec, geo);
    }
}
