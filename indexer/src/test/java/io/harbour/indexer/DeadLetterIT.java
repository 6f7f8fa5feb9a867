package io.harbour.indexer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.DeadLetters;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexTemplates;
import io.harbour.model.LogKind;
import io.harbour.model.RecordHeaders;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import io.harbour.stack.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Documents that break their mapping, and records that cannot become documents at all, land in
 * the dead-letter topic with their reason and origin; every other record is indexed and the
 * offsets move past all of them.
 */
@ExtendWith(HarbourStackExtension.class)
class DeadLetterIT {

    @Test
    void aDocumentThatBreaksItsMappingIsDeadLetteredAndTheRestIndexed(KafkaBroker kafka, ElasticsearchNode es) throws Exception {
        String realm = "strict";
        try (Harness h = new Harness(kafka, es, "deadletter")) {
            // The layout's builders never make a document its own mapping refuses; so this realm's
            // indices get the layout's template with one field changed: span_id as an integer.
            ObjectNode strict = IndexTemplates.template(DocumentKind.LOGHARBOUR, IndexTemplates.Settings.singleNode());
            strict.putArray("index_patterns").add("harbour-logharbour-strict-*");
            strict.put("priority", 500);
            ((ObjectNode) strict.path("template").path("mappings").path("properties")).putObject("span_id").put("type", "integer");
            h.http("PUT", "/_index_template/it-strict", strict.toString());
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            long at = Harness.nowNanos();
            for (int i = 0; i < 200; i++) {
                records.add(h.logHarbour(realm, i, at + i));
            }
            // Three entries the model accepts but whose span_id this realm's mapping refuses.
            for (int i = 0; i < 3; i++) {
                String body = new String(h.logHarbour(realm, 1000 + i, at + 1000 + i).value(), StandardCharsets.UTF_8)
                        .replace("\"msg\":", "\"span_id\":\"broken-" + i + "\",\"msg\":");
                records.add(100 + i * 30, h.record(LogKind.LOGHARBOUR, realm, "bad|" + i, body, at + 1000 + i));
            }
            // A record without a realm and one of an unknown kind: no document at all.
            ProducerRecord<byte[], byte[]> noRealm = new ProducerRecord<>(h.topic(LogKind.LOGHARBOUR), "x".getBytes(), "{}".getBytes());
            Harness.header(noRealm, RecordHeaders.KIND, "logharbour");
            Harness.header(noRealm, RecordHeaders.RECEIVED_AT_NANOS, Long.toString(at));
            Harness.header(noRealm, "custom", "kept");
            records.add(50, noRealm);
            ProducerRecord<byte[], byte[]> unknownKind = h.record(LogKind.LOGHARBOUR, realm, "y", "{}", at);
            unknownKind.headers().remove(RecordHeaders.KIND);
            Harness.header(unknownKind, RecordHeaders.KIND, "syslog");
            records.add(150, unknownKind);
            h.sendAll(records);

            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (Indexer indexer = h.indexer(registry).start()) {
                await().atMost(Duration.ofMinutes(1)).until(() -> h.committedToTheEnd());
                org.junit.jupiter.api.Assertions.assertNull(indexer.failure(), "the indexer never gave up");
                assertEquals(200, h.count(realm), "every good entry indexed, none of the bad");
                assertEquals(3.0, registry.get("harbour.indexer.dead_letters").tag("class", "rejected").counter().count());
                assertEquals(2.0, registry.get("harbour.indexer.dead_letters").tag("class", "malformed").counter().count());
            }

            Map<String, ConsumerRecord<byte[], byte[]>> letters = readDeadLetters(h, 5);
            for (int i = 0; i < 3; i++) {
                ConsumerRecord<byte[], byte[]> letter = letters.get("bad|" + i);
                String reason = text(letter, DeadLetters.REASON);
                assertTrue(reason.contains("parsing_exception") && reason.contains("span_id"), reason);
                assertEquals("rejected", text(letter, DeadLetters.CLASS));
                assertEquals(h.topic(LogKind.LOGHARBOUR), text(letter, DeadLetters.ORIGINAL_TOPIC));
                assertTrue(Long.parseLong(text(letter, DeadLetters.ORIGINAL_OFFSET)) >= 0);
                assertTrue(Integer.parseInt(text(letter, DeadLetters.ORIGINAL_PARTITION)) < Harness.PARTITIONS);
                assertTrue(Long.parseLong(text(letter, DeadLetters.PARKED_AT_NANOS)) > at);
                assertEquals(realm, text(letter, RecordHeaders.REALM), "the original headers are kept");
                assertTrue(new String(letter.value(), StandardCharsets.UTF_8).contains("broken-" + i), "the body as it was sent");
            }
            assertEquals("missing header " + RecordHeaders.REALM, text(letters.get("x"), DeadLetters.REASON));
            assertEquals("kept", text(letters.get("x"), "custom"));
            assertEquals("malformed", text(letters.get("x"), DeadLetters.CLASS));
            assertEquals("unknown kind \"syslog\" in header harbour.kind", text(letters.get("y"), DeadLetters.REASON));
        }
    }

    private static Map<String, ConsumerRecord<byte[], byte[]>> readDeadLetters(Harness h, int expected) {
        Map<String, ConsumerRecord<byte[], byte[]>> byKey = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, h.kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-reader-" + h.id,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(h.config.kafka().deadLetterTopic()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (byKey.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    byKey.put(new String(r.key(), StandardCharsets.UTF_8), r);
                }
            }
        }
        assertEquals(expected, byKey.size(), "dead letters: " + byKey.keySet());
        return byKey;
    }

    private static String text(ConsumerRecord<byte[], byte[]> r, String header) {
        return new String(r.headers().lastHeader(header).value(), StandardCharsets.UTF_8);
    }
}
