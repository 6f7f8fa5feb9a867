package io.harbour.model;

import io.harbour.model.extrahop.ExtraHopLogFormat;
import io.harbour.model.logharbour.LogEntryFormat;
import io.harbour.model.observation.ObservationBatchFormat;
import java.util.Optional;

/**
 * The kinds of log Harbour receives. {@link #wireName()} is the stable name the receiver puts in
 * a record's content-kind header and the indexer reads back to pick the {@link #format()}.
 */
public enum LogKind {
    LOGHARBOUR("logharbour", LogEntryFormat.INSTANCE),
    EXTRAHOP("extrahop", ExtraHopLogFormat.INSTANCE),
    OBSERVATIONS("observations", ObservationBatchFormat.INSTANCE);

    private final String wireName;
    private final WireFormat<?> format;

    LogKind(String wireName, WireFormat<?> format) {
        this.wireName = wireName;
        this.format = format;
    }

    /** The Kafka topic that holds this kind unless configured otherwise. */
    public String defaultTopic() {
        return "harbour." + wireName;
    }

    public String wireName() {
        return wireName;
    }

    public WireFormat<?> format() {
        return format;
    }

    public static Optional<LogKind> parse(String wireName) {
        for (LogKind kind : values()) {
            if (kind.wireName.equals(wireName)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
