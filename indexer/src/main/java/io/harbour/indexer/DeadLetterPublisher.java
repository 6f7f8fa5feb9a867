package io.harbour.indexer;

import io.harbour.layout.DeadLetters;
import io.harbour.layout.Times;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Parks a record that can never be stored in the dead-letter topic, exactly as it came (key,
 * body, every original header) plus the layout's {@link DeadLetters} headers: why, which class of
 * failure, and where it came from, so an operator
 * can fix and replay it. The offset moves on only once Kafka acknowledged the dead letter: a
 * dead letter lost on the way would be a log dropped.
 */
final class DeadLetterPublisher {
    /** {@link DeadLetters#CLASS}: the record itself cannot become a document. */
    static final String MALFORMED = "malformed";
    /** {@link DeadLetters#CLASS}: Elasticsearch refused a document of it. */
    static final String REJECTED = "rejected";

    /** Headers carry reasons for people, not whole stack traces. */
    private static final int MAX_REASON_CHARS = 2000;

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    DeadLetterPublisher(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /**
     * Sends it; {@code done} gets null once acknowledged, or the error (called on the producer's thread).
     *
     * @param failure {@link #MALFORMED} or {@link #REJECTED}
     */
    void publish(ConsumerRecord<byte[], byte[]> original, String failure, String reason, Consumer<Exception> done) {
        producer.send(deadLetter(topic, original, failure, reason, Instant.now()), (metadata, error) -> done.accept(error));
    }

    static ProducerRecord<byte[], byte[]> deadLetter(String topic, ConsumerRecord<byte[], byte[]> original, String failure,
                                                     String reason, Instant at) {
        // Partition left to the partitioner: the dead-letter topic need not mirror the ingest topics.
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(topic, null, original.key(), original.value());
        for (Header h : original.headers()) {
            letter.headers().add(h);
        }
        String text = reason == null ? "unknown" : reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) + "..." : reason;
        letter.headers()
                .add(header(DeadLetters.REASON, text))
                .add(header(DeadLetters.CLASS, failure))
                .add(header(DeadLetters.ORIGINAL_TOPIC, original.topic()))
                .add(header(DeadLetters.ORIGINAL_PARTITION, Integer.toString(original.partition())))
                .add(header(DeadLetters.ORIGINAL_OFFSET, Long.toString(original.offset())))
                .add(header(DeadLetters.PARKED_AT_NANOS, Long.toString(Times.nanos(at))));
        return letter;
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
