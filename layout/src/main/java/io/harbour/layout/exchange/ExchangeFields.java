package io.harbour.layout.exchange;

/**
 * Field names of an exchange document: one ExtraHop request log joined with its response log by
 * realm, sensor and sequence. The halves live under {@link #REQUEST} and {@link #RESPONSE}, each
 * with its own receive time and record coordinates; {@link io.harbour.layout.CommonFields#KAFKA}
 * at the top is the record that opened the exchange.
 */
public final class ExchangeFields {
    /** The document id again (also {@code doc_id}), by the name analysts know. */
    public static final String EXCHANGE_ID = "exchange_id";
    /** The sender identity of the sensor that sent the logs; its sequence numbers are its own. */
    public static final String SENSOR = "sensor";
    public static final String SEQUENCE = "sequence";
    /** {@code pending}, {@code complete} or {@code orphan}: see {@link ExchangeState}. */
    public static final String STATE = "state";
    /** {@code request} or {@code response}: the half that arrived (was read) first. */
    public static final String OPENED_BY = "opened_by";
    /** date_nanos: receive time of the half that opened the exchange; fixes its daily index. */
    public static final String OPENED_AT = "opened_at";
    /** date_nanos: the earlier receive time of the halves; what export orders exchanges by. */
    public static final String FIRST_RECEIVED_AT = "first_received_at";
    /** double: response receive time minus request receive time, milliseconds; negative when the response came first. */
    public static final String LATENCY_MS = "latency_ms";
    /** date_nanos: when the indexer gave up waiting for the missing half. */
    public static final String ORPHANED_AT = "orphaned_at";

    public static final String REQUEST = "request";
    public static final String RESPONSE = "response";

    public static final String REQUEST_METHOD = "request.method";
    /** keyword, the RequestURI as sent: prefix queries. */
    public static final String REQUEST_URI = "request.uri";
    /** keyword, the URI without its query string: counts per URI that do not explode with parameters. */
    public static final String REQUEST_PATH = "request.path";
    public static final String REQUEST_HOST = "request.host";
    public static final String REQUEST_REMOTE_ADDR = "request.remote_addr";
    public static final String REQUEST_TLS_VERSION = "request.tls_version";
    public static final String REQUEST_PROTO = "request.proto";
    public static final String REQUEST_CONTENT_LENGTH = "request.content_length";
    public static final String REQUEST_HEADERS = "request.headers";
    public static final String REQUEST_BODY = "request.body";
    public static final String REQUEST_RECEIVED_AT = "request.received_at";

    public static final String RESPONSE_STATUS_CODE = "response.status_code";
    /** keyword {@code 1xx} to {@code 5xx}. */
    public static final String RESPONSE_STATUS_CLASS = "response.status_class";
    public static final String RESPONSE_HEADERS = "response.headers";
    public static final String RESPONSE_BODY = "response.body";
    public static final String RESPONSE_RECEIVED_AT = "response.received_at";

    /** Inside each half: SHA-256 (hex) of the log's bytes, to recognise the same half sent again. */
    public static final String LOG_SHA256 = "log_sha256";
    /** Inside each half: date_nanos receive time of that half. */
    public static final String HALF_RECEIVED_AT = "received_at";
    /** Inside each half: the record's {@code {topic, partition, offset}}. */
    public static final String HALF_KAFKA = "kafka";

    private ExchangeFields() {
    }
}
