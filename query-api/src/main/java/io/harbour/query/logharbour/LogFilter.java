package io.harbour.query.logharbour;

import io.harbour.model.logharbour.EntryType;
import io.harbour.model.logharbour.Priority;

/**
 * The entry filter of GetLogs and GetSet (and, partly, GetChanges and GetUnusualIP): every
 * field null when not asked for.
 *
 * @param minimumPriority "this level or higher"; also leaves type C out (data changes have no priority)
 */
record LogFilter(String app, EntryType type, String who, String objectClass, String instance, String op,
                 TimeWindow window, RemoteAddress remoteAddress, Priority minimumPriority) {

    static LogFilter none() {
        return new LogFilter(null, null, null, null, null, null, TimeWindow.ALL, null, null);
    }

    LogFilter withType(EntryType newType) {
        return new LogFilter(app, newType, who, objectClass, instance, op, window, remoteAddress, minimumPriority);
    }
}
