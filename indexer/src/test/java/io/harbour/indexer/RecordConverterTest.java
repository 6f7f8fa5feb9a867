package io.harbour.indexer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.harbour.layout.MalformedRecordException;
import io.harbour.layout.RecordContext;
import io.harbour.model.LogKind;
import io.harbour.model.RecordHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class RecordConverterTest {

    private static ConsumerRecord<byte[], byte[]> record(Map<String, String> headers) {
        org.apache.kafka.common.header.internals.RecordHeaders h = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.forEach((k, v) -> h.add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
        return new ConsumerRecord<>("harbour.logharbour", 1, 7L, 0L, TimestampType.CREATE_TIME, 0, 2, null,
                "{}".getBytes(StandardCharsets.UTF_8), h, Optional.empty());
    }

    private static Map<String, String> full() {
        return Map.of(RecordHeaders.KIND, "logharbour", RecordHeaders.REALM, "acme", RecordHeaders.RECEIVED_AT_NANOS, "1700000000123456789",
                RecordHeaders.SENDER_ADDRESS, "203.0.113.9", RecordHeaders.SENDER_IDENTITY, "key:k1", RecordHeaders.RECEIPT_ID, "r-1");
    }

    @Test
    void headersBecomeTheRecordContext() throws Exception {
        assertEquals(new RecordContext("harbour.logharbour", 1, 7L, LogKind.LOGHARBOUR, "acme", 1700000000123456789L,
                "203.0.113.9", "key:k1", "r-1"), RecordConverter.context(record(full())));
    }

    @Test
    void theSourceOfTheRecordsKindBuildsTheDocuments() throws Exception {
        RecordConverter c = new RecordConverter(Map.of(LogKind.LOGHARBOUR, (ctx, body) -> List.of()));
        assertEquals(List.of(), c.convert(record(full()), null).documents());
    }

    @Test
    void aRecordWithoutRealmKindOrReceiveTimeIsMalformed() {
        RecordConverter c = new RecordConverter(Map.of(LogKind.LOGHARBOUR, (ctx, body) -> List.of()));
        for (String missing : List.of(RecordHeaders.KIND, RecordHeaders.REALM, RecordHeaders.RECEIVED_AT_NANOS)) {
            Map<String, String> h = new java.util.HashMap<>(full());
            h.remove(missing);
            MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> c.convert(record(h), null));
            assertEquals("missing header " + missing, e.getMessage());
        }
    }

    @Test
    void anUnknownKindOrABadTimeIsMalformed() {
        RecordConverter c = new RecordConverter(Map.of(LogKind.LOGHARBOUR, (ctx, body) -> List.of()));
        Map<String, String> h = new java.util.HashMap<>(full());
        h.put(RecordHeaders.KIND, "syslog");
        assertEquals("unknown kind \"syslog\" in header harbour.kind", assertThrows(MalformedRecordException.class, () -> c.convert(record(h), null)).getMessage());
        h.put(RecordHeaders.KIND, "logharbour");
        h.put(RecordHeaders.RECEIVED_AT_NANOS, "yesterday");
        assertThrows(MalformedRecordException.class, () -> c.convert(record(h), null));
        h.put(RecordHeaders.RECEIVED_AT_NANOS, "1");
        h.put(RecordHeaders.KIND, "observations");
        assertEquals("no document builder for kind observations", assertThrows(MalformedRecordException.class, () -> c.convert(record(h), null)).getMessage());
        h.put(RecordHeaders.KIND, "extrahop");
        assertThrows(MalformedRecordException.class, () -> c.convert(record(h), null), "an ExtraHop log outside the ExtraHop topic");
    }

    @Test
    void theLastHeaderOfANameWinsAndTheReceiveTimeReadsAsLongParseLongOfItsTrimmedText() throws Exception {
        org.apache.kafka.common.header.internals.RecordHeaders h = new org.apache.kafka.common.header.internals.RecordHeaders();
        full().forEach((k, v) -> h.add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
        h.add(new RecordHeader(RecordHeaders.REALM, "second".getBytes(StandardCharsets.UTF_8)));
        h.add(new RecordHeader(RecordHeaders.RECEIPT_ID, null));
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("t", 0, 1L, 0L, TimestampType.CREATE_TIME, 0, 2, null,
                "{}".getBytes(StandardCharsets.UTF_8), h, Optional.empty());
        RecordContext ctx = RecordConverter.context(r);
        assertEquals("second", ctx.realm());
        assertEquals(null, ctx.receiptId());
        for (String text : List.of("0", "7", " 42 ", "-5", "+9", "1700000000123456789", "8999999999999999999", "9223372036854775807",
                "000000000000000000001")) {
            Map<String, String> m = new java.util.HashMap<>(full());
            m.put(RecordHeaders.RECEIVED_AT_NANOS, text);
            assertEquals(Long.parseLong(text.trim()), RecordConverter.context(record(m)).receivedAtNanos(), text);
        }
        for (String text : List.of("", "9223372036854775808", "1e9", "12 34")) {
            Map<String, String> m = new java.util.HashMap<>(full());
            m.put(RecordHeaders.RECEIVED_AT_NANOS, text);
            assertEquals("header " + RecordHeaders.RECEIVED_AT_NANOS + " is not a number: \"" + text + "\"",
                    assertThrows(MalformedRecordException.class, () -> RecordConverter.context(record(m))).getMessage());
        }
    }
}
