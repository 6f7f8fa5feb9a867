package io.harbour.layout;

/**
 * The dead-letter topic and the headers a parked record carries besides its own (which are kept,
 * so the realm and receive time stay with it). Values are UTF-8 text.
 */
public final class DeadLetters {
    public static final String TOPIC = "harbour.deadletter";
    /** Why it could not be stored: a {@link MalformedRecordException} message or Elasticsearch's item error. */
    public static final String REASON = "harbour.deadletter.reason";
    /** {@code malformed} (the body did not read) or {@code rejected} (Elasticsearch refused the document). */
    public static final String CLASS = "harbour.deadletter.class";
    public static final String ORIGINAL_TOPIC = "harbour.deadletter.topic";
    public static final String ORIGINAL_PARTITION = "harbour.deadletter.partition";
    public static final String ORIGINAL_OFFSET = "harbour.deadletter.offset";
    /** When it was parked, decimal nanoseconds since the epoch. */
    public static final String PARKED_AT_NANOS = "harbour.deadletter.parked_at_ns";

    private DeadLetters() {
    }
}
