package io.harbour.layout;

import io.harbour.layout.logharbour.LogEntryDocuments;
import io.harbour.layout.observation.ObservationDocuments;
import io.harbour.model.logharbour.LogEntry;
import io.harbour.model.logharbour.LogEntryFormat;
import io.harbour.model.observation.ObservationBatchFormat;
import java.util.List;

/**
 * Turns a LogHarbour or observation record into its documents. ExtraHop records are not
 * documents on their own: they go through the indexer's exchange joiner
 * ({@link io.harbour.layout.exchange.ExchangeHalf#read} reads them).
 *
 * <p>A body the model refuses, a missing or invalid realm header, or a time no index can hold is
 * a {@link MalformedRecordException}: the record goes to the dead-letter topic with the reason.
 * The receiver checked the body before its 202, so this means a record written by something
 * else, or by a receiver with other rules.
 */
public final class DocumentBuilder {
    private final LogEntryDocuments logEntries;
    private final ObservationDocuments observations;

    public DocumentBuilder(IndexTimes indexTimes) {
        this.logEntries = new LogEntryDocuments(indexTimes);
        this.observations = new ObservationDocuments(indexTimes);
    }

    public DocumentBuilder() {
        this(IndexTimes.standard());
    }

    public List<IndexedDocument> build(RecordContext ctx, byte[] body) throws MalformedRecordException {
        return build(ctx, body, false);
    }

    /**
     * The documents of {@link #build}, LogHarbour entries already serialized
     * ({@link LogEntryDocuments#serialized}: the same bytes without a tree): what the indexer sends.
     */
    public List<IndexedDocument> buildSerialized(RecordContext ctx, byte[] body) throws MalformedRecordException {
        return build(ctx, body, true);
    }

    private List<IndexedDocument> build(RecordContext ctx, byte[] body, boolean serialized) throws MalformedRecordException {
        if (!IndexNames.isValidRealm(ctx.realm())) {
            throw new MalformedRecordException("no valid realm header: " + ctx.realm());
        }
        if (ctx.kind() == null) {
            throw new MalformedRecordException("no kind header");
        }
        return switch (ctx.kind()) {
            case LOGHARBOUR -> {
                LogEntry entry = RecordBodies.read(LogEntryFormat.INSTANCE, body);
                yield List.of(serialized ? logEntries.serialized(ctx, entry) : logEntries.build(ctx, entry));
            }
            case OBSERVATIONS -> observations.build(ctx, RecordBodies.read(ObservationBatchFormat.INSTANCE, body));
            case EXTRAHOP -> throw new IllegalArgumentException(
                    "ExtraHop logs are joined into exchanges: give them to the exchange joiner");
        };
    }
}
