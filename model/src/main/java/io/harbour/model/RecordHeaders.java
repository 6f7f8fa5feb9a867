package io.harbour.model;

/**
 * Names of the Kafka record headers the receiver writes and the indexer reads: what the receiver
 * knows about a log that its body does not say. Values are UTF-8 text; times are decimal
 * nanoseconds since the epoch. A contract between siblings that never import each other.
 */
public final class RecordHeaders {
    /** The sender's realm (tenant). */
    public static final String REALM = "harbour.realm";
    /** When the receiver read the request, nanoseconds since the epoch. */
    public static final String RECEIVED_AT_NANOS = "harbour.received_at_ns";
    /** The sender's IP address. */
    public static final String SENDER_ADDRESS = "harbour.sender_address";
    /** Who sent it: {@code key:<id>}, {@code cert:<subject>} or {@code addr:<ip>}. */
    public static final String SENDER_IDENTITY = "harbour.sender_identity";
    /** {@link LogKind#wireName()}. */
    public static final String KIND = "harbour.kind";
    /** The id of the HTTP request that brought the log; one request, one receipt. */
    public static final String RECEIPT_ID = "harbour.receipt_id";

    private RecordHeaders() {
    }
}
