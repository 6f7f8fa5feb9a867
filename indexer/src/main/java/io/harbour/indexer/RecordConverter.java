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

    /**
     * The record's context from its headers alone. One pass over the headers, the last of each
     * name winning as with {@code lastHeader}: six lookups by name decoded and compared every
     * header name several times, a tenth of the indexer's CPU per record.
     */
    static RecordContext context(ConsumerRecord<byte[], byte[]> record) throws MalformedRecordException {
        byte[] kindValue = null;
        byte[] realmValue = null;
        byte[] receivedValue = null;
        byte[] senderAddress = null;
        byte[] senderIdentity = null;
        byte[] receiptId = null;
        for (Header h : record.headers()) {
            // equals, not a switch: each record's header names are new strings, and a switch would
            // hash every one of them; equals mostly stops at the length. In the receiver's order.
            String key = h.key();
            if (key.equals(RecordHeaders.REALM)) {
                realmValue = h.value();
            } else if (key.equals(RecordHeaders.RECEIVED_AT_NANOS)) {
                receivedValue = h.value();
            } else if (key.equals(RecordHeaders.SENDER_ADDRESS)) {
                senderAddress = h.value();
            } else if (key.equals(RecordHeaders.SENDER_IDENTITY)) {
                senderIdentity = h.value();
            } else if (key.equals(RecordHeaders.KIND)) {
                kindValue = h.value();
            } else if (key.equals(RecordHeaders.RECEIPT_ID)) {
                receiptId = h.value();
            }
        }
        if (kindValue == null) {
            throw new MalformedRecordException("missing header " + RecordHeaders.KIND);
        }
        String kindName = text(kindValue);
        LogKind kind = LogKind.parse(kindName)
                .orElseThrow(() -> new MalformedRecordException("unknown kind \"" + kindName + "\" in header " + RecordHeaders.KIND));
        String realm = text(realmValue);
        if (realm == null || realm.isBlank()) {
            throw new MalformedRecordException("missing header " + RecordHeaders.REALM);
        }
        if (receivedValue == null) {
            throw new MalformedRecordException("missing header " + RecordHeaders.RECEIVED_AT_NANOS);
        }
        long receivedAtNanos = receivedAtNanos(receivedValue);
        return new RecordContext(record.topic(), record.partition(), record.offset(), kind, realm, receivedAtNanos,
                text(senderAddress), text(senderIdentity), text(receiptId));
    }

    private static String text(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** The decimal receive time, read from the bytes when they are plain ASCII digits, else as text (trimmed) like before. */
    private static long receivedAtNanos(byte[] value) throws MalformedRecordException {
        // Up to 18 digits, or 19 below 9 * 10^18, cannot overflow a long (today's times have 19).
        if (value.length > 0 && (value.length < 19 || value.length == 19 && value[0] < '9')) {
            long n = 0;
            boolean digits = true;
            for (byte b : value) {
                if (b < '0' || b > '9') {
                    digits = false;
                    break;
                }
                n = n * 10 + (b - '0');
            }
            if (digits) {
                return n;
            }
        }
        String received = text(value);
        try {
            return Long.parseLong(received.trim());
        } catch (NumberFormatException e) {
            throw new MalformedRecordException("header " + RecordHeaders.RECEIVED_AT_NANOS + " is not a number: \"" + received + "\"");
        }
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
}
