package io.harbour.indexer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harbour.layout.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLetterPublisherTest {

    @Test
    void theDeadLetterKeepsTheRecordAndItsHeadersAndSaysWhyAndWhence() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader(io.harbour.model.RecordHeaders.REALM, "acme".getBytes(StandardCharsets.UTF_8)));
        ConsumerRecord<byte[], byte[]> original = new ConsumerRecord<>("harbour.logharbour", 2, 41L, 0L, TimestampType.CREATE_TIME,
                3, 4, "key".getBytes(StandardCharsets.UTF_8), "body".getBytes(StandardCharsets.UTF_8), headers, Optional.empty());
        ProducerRecord<byte[], byte[]> letter = DeadLetterPublisher.deadLetter("harbour.dead-letter", original, DeadLetterPublisher.REJECTED,
                "mapper_parsing_exception: failed to parse field [when]", Instant.parse("2026-01-02T03:04:05Z"));
        assertEquals("harbour.dead-letter", letter.topic());
        assertArrayEquals(original.key(), letter.key());
        assertArrayEquals(original.value(), letter.value());
        assertEquals("acme", text(letter, io.harbour.model.RecordHeaders.REALM));
        assertEquals("mapper_parsing_exception: failed to parse field [when]", text(letter, DeadLetters.REASON));
        assertEquals("rejected", text(letter, DeadLetters.CLASS));
        assertEquals("harbour.logharbour", text(letter, DeadLetters.ORIGINAL_TOPIC));
        assertEquals("2", text(letter, DeadLetters.ORIGINAL_PARTITION));
        assertEquals("41", text(letter, DeadLetters.ORIGINAL_OFFSET));
        assertEquals(Long.toString(Instant.parse("2026-01-02T03:04:05Z").getEpochSecond() * 1_000_000_000L), text(letter, DeadLetters.PARKED_AT_NANOS));
    }

    private static String text(ProducerRecord<byte[], byte[]> r, String header) {
        return new String(r.headers().lastHeader(header).value(), StandardCharsets.UTF_8);
    }
}
