package io.harbour.receiver.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.harbour.model.Batch;
import io.harbour.model.BatchItem;
import io.harbour.model.BatchReader;
import io.harbour.model.Json;
import io.harbour.model.LogKind;
import io.harbour.model.Problem;
import io.harbour.model.extrahop.ExtraHopLog;
import io.harbour.model.extrahop.ExtraHopLogFormat;
import io.harbour.model.logharbour.LogEntryKeyParts;
import io.harbour.model.logharbour.LogEntryFormat;
import io.harbour.model.observation.Observation;
import io.harbour.model.observation.ObservationBatch;
import io.harbour.model.observation.ObservationBatchFormat;
import io.harbour.receiver.IngestRecord;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a body into Kafka records: reads it with the model (one value, array or NDJSON), keeps
 * every problem, and builds one {@link IngestRecord} per log.
 *
 * <p>A LogHarbour entry or an ExtraHop log is stored as the exact bytes of its item, so what the
 * indexer reads is what the sender wrote. An observation upload is split: one record per
 * observation, because the record key is per {@code ipaddr} (the associations of one address
 * stay in order in one partition), and one upload mixes many addresses. Each such record is a
 * one-observation upload, {@code {"observations":[o],"source":..}}, so it keeps the batch's
 * {@code source} and still reads with {@link ObservationBatchFormat} like any upload.
 */
final class RecordBuilder {

    /** The records of the valid logs and every problem found, in body order. */
    record Built(List<IngestRecord> records, List<Problem> problems, int items) {
    }

    private final BatchReader reader;
    private final int maxItemBytes;

    RecordBuilder(BatchReader reader, int maxItemBytes) {
        this.reader = reader;
        this.maxItemBytes = maxItemBytes;
    }

    Built build(LogKind kind, byte[] body, Sender sender) {
        return switch (kind) {
            case LOGHARBOUR -> logHarbour(reader.read(body, LogEntryFormat.keyScanner()), sender);
            case EXTRAHOP -> extraHop(reader.read(body, ExtraHopLogFormat.INSTANCE), sender);
            case OBSERVATIONS -> observations(reader.read(body, ObservationBatchFormat.INSTANCE), sender);
        };
    }

    /** Entries are stored as sent, so only their key fields are read (plain entries without a tree). */
    private Built logHarbour(Batch<LogEntryKeyParts> batch, Sender sender) {
        List<IngestRecord> records = new ArrayList<>(batch.items().size());
        List<Problem> problems = new ArrayList<>(batch.problems());
        byte[] realmPrefix = RecordKeys.realmPrefix(sender.realm());
        for (BatchItem<LogEntryKeyParts> item : batch.items()) {
            if (item.isValid() && fits(item, problems)) {
                records.add(record(LogKind.LOGHARBOUR, RecordKeys.logHarbour(realmPrefix, item.value()), item.raw(), sender));
            }
        }
        return built(records, problems, batch);
    }

    private Built extraHop(Batch<ExtraHopLog> batch, Sender sender) {
        List<IngestRecord> records = new ArrayList<>();
        List<Problem> problems = new ArrayList<>(batch.problems());
        for (BatchItem<ExtraHopLog> item : batch.items()) {
            if (item.isValid() && fits(item, problems)) {
                records.add(record(LogKind.EXTRAHOP, RecordKeys.extraHop(sender.realm(), sender.identity(), item.value()),
                        item.raw(), sender));
            }
        }
        return built(records, problems, batch);
    }

    private Built observations(Batch<ObservationBatch> batch, Sender sender) {
        List<IngestRecord> records = new ArrayList<>();
        List<Problem> problems = new ArrayList<>(batch.problems());
        for (BatchItem<ObservationBatch> item : batch.items()) {
            if (!item.isValid()) {
                continue;
            }
            ObservationBatch upload = item.value();
            for (Observation observation : upload.observations()) {
                byte[] body = json(new ObservationBatch(List.of(observation), upload.source(), upload.extra()));
                records.add(record(LogKind.OBSERVATIONS, RecordKeys.observation(sender.realm(), observation), body, sender));
            }
        }
        return built(records, problems, batch);
    }

    /** An item longer than the limit is a problem of that item, like any other. */
    private boolean fits(BatchItem<?> item, List<Problem> problems) {
        if (item.raw().length <= maxItemBytes) {
            return true;
        }
        problems.add(new Problem(item.line(), "", "the log is " + item.raw().length
                + " bytes, more than the limit of " + maxItemBytes + " bytes per log"));
        return false;
    }

    private static IngestRecord record(LogKind kind, byte[] key, byte[] body, Sender sender) {
        return new IngestRecord(kind, key, body, sender.realm(), sender.identity(), sender.address(),
                sender.receivedAtNanos(), sender.receiptId());
    }

    private static Built built(List<IngestRecord> records, List<Problem> problems, Batch<?> batch) {
        // Stable sort: problems of one line keep the order the model found them in.
        problems.sort(Comparator.comparingInt(Problem::line));
        return new Built(records, List.copyOf(problems), batch.items().size());
    }

    private static byte[] json(ObservationBatch upload) {
        try {
            return Json.mapper().writeValueAsBytes(ObservationBatchFormat.INSTANCE.write(upload));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a checked observation always serialises", e);
        }
    }
}
