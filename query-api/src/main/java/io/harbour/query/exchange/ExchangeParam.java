package io.harbour.query.exchange;

/** Parameter names of the exchange calls: time and paging spelled as GetLogs spells them. */
final class ExchangeParam {
    static final String FROMTS = "fromts";
    static final String TOTS = "tots";
    static final String NDAYS = "ndays";
    static final String SENSOR = "sensor";
    static final String METHOD = "method";
    static final String URI = "uri";
    static final String STATUS = "status";
    static final String LATENCY_ABOVE_MS = "latency_above_ms";
    static final String STATE = "state";
    static final String SEARCH_AFTER_TS = "searchAfterTS";
    static final String SEARCH_AFTER_DOC_ID = "searchAfterDocID";
    static final String BY = "by";

    private ExchangeParam() {
    }
}
