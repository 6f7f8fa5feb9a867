package io.harbour.indexer;

import io.harbour.layout.IndexedDocument;
import io.harbour.layout.MalformedRecordException;
import io.harbour.layout.RecordContext;
import io.harbour.model.LogKind;
import io.harbour.model.RecordHeaders;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads what the receiver wrote in a record's headers ({@link RecordHeaders}) into a
 * {@link RecordContext} and hands the body to the {@link DocumentSource} of its kind. A record
 * without a realm, a receive time or a known kind cannot be placed in any index: it is malformed,
 * and goes to the dead-letter topic rather than stopping the partition.
 */
final class RecordConverter {

    /** A record read: its context (null when the headers are unusable) and its documents. */
    record Converted(RecordContext context, List<IndexedDocument> documents) {
    }

    private final Map<LogKind, DocumentSource> sources;

    RecordConverter(Map<LogKind, DocumentSource> sources) {
        this.sources = new EnumMap<>(LogKind.class);
        this.sources.putAll(sources);
    }

    /** The record's context from its headers alone. */
    static RecordContext context(ConsumerRecord<byte[], byte[]> record) throws MalformedRecordException {
        String kindName = header(record, RecordHeaders.KIND);
        if (kindName == null) {
            throw new MalformedRecordException("missing header " + RecordHeaders.KIND);
        }
        LogKind kind = LogKind.parse(kindName)
                .orElseThrow(() -> new MalformedRecordException("unknown kind \"" + kindName + "\" in header " + RecordHeaders.KIND));
        String realm = header(record, RecordHeaders.REALM);
        if (realm == null || realm.isBlank()) {
            throw new MalformedRecordException("missing header " + RecordHeaders.REALM);
        }
        String received = header(record, RecordHeaders.RECEIVED_AT_NANOS);
        if (received == null) {
            throw new MalformedRecordException("missing header " + RecordHeaders.RECEIVED_AT_NANOS);
        }
        long receivedAtNanos;
        try {
            receivedAtNanos = Long.parseLong(received.trim());
        } catch (NumberFormatException e) {
            throw new MalformedRecordException("header " + RecordHeaders.RECEIVED_AT_NANOS + " is not a number: \"" + received + "\"");
        }
        return new RecordContext(record.topic(), record.partition(), record.offset(), kind, realm, receivedAtNanos,
                header(record, RecordHeaders.SENDER_ADDRESS), header(record, RecordHeaders.SENDER_IDENTITY),
                header(record, RecordHeaders.RECEIPT_ID));
    }

    /**
     * @param extraHop the document source for ExtraHop logs of this record's partition (its exchange
     *                 joiner), or null when the record's partition has none
     */
    Converted convert(ConsumerRecord<byte[], byte[]> record, DocumentSource extraHop) throws MalformedRecordException {
        RecordContext context = context(record);
        if (record.value() == null) {
            throw new MalformedRecordException("empty record body");
        }
        DocumentSource source = context.kind() == LogKind.EXTRAHOP ? extraHop : sources.get(context.kind());
        if (source == null && context.kind() == LogKind.EXTRAHOP) {
            throw new MalformedRecordException("an ExtraHop log on topic " + record.topic() + ", which is not the ExtraHop topic: its partner cannot be found here");
        }
        if (source == null) {
            throw new MalformedRecordException("no document builder for kind " + context.kind().wireName());
        }
        List<IndexedDocument> documents = source.documents(context, record.value());
        return new Converted(context, documents == null ? List.of() : documents);
    }

    /** The last value of a header as UTF-8 text, or null. */
    static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
