package io.harbour.query.logharbour;

/** Parameter names, spelled as seed 003's client-library functions spell them. */
final class Param {
    static final String APP = "app";
    static final String TYPE = "type";
    static final String WHO = "who";
    static final String CLASS = "class";
    static final String INSTANCE = "instance";
    static final String OP = "op";
    static final String FROMTS = "fromts";
    static final String TOTS = "tots";
    static final String NDAYS = "ndays";
    static final String REMOTE_IP = "remoteIP";
    static final String PRI = "pri";
    static final String SEARCH_AFTER_TS = "searchAfterTS";
    static final String SEARCH_AFTER_DOC_ID = "searchAfterDocID";
    static final String SETATTR = "setattr";
    static final String FIELD = "field";
    static final String UNUSUAL_PERCENT = "unusualpercent";
    /** Observation linking on (true) or off (false, the default on these routes). */
    static final String OBSERVATIONS = "observations";

    private Param() {
    }
}
