package io.harbour.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HarbourStackExtension.class)
class LocalStackIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void brokerRoundTripsARecordThroughAConsumerGroup(KafkaBroker kafka) throws Exception {
        String topic = "stack-roundtrip";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "hello harbour")).get(30, TimeUnit.SECONDS);
        }
        // A consumer group only joins when __consumer_offsets exists at replication factor 1.
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "stack-it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            ConsumerRecord<String, String> got = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (got == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    got = r;
                }
            }
            assertEquals("hello harbour", got == null ? null : got.value());
            consumer.commitSync();
        }
    }

    @Test
    void nodeIndexesAndSearchesADocument(ElasticsearchNode es) throws Exception {
        URI base = es.httpUri();
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(base.resolve("/stack-it/_doc/1?refresh=true"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"msg\":\"hello harbour\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(put.statusCode() == 201 || put.statusCode() == 200, put.body());
        HttpResponse<String> search = http.send(HttpRequest.newBuilder(base.resolve("/stack-it/_search?q=msg:harbour")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, search.statusCode(), search.body());
        assertTrue(search.body().contains("\"value\":1"), search.body());
    }

    @Test
    void brokerComesBackOnTheSamePortWithItsDataAfterAStop(KafkaBroker kafka) throws Exception {
        String topic = "stack-restart";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        String before = kafka.bootstrapServers();
        kafka.stop();
        assertFalse(kafka.isRunning());
        kafka.start();
        assertEquals(before, kafka.bootstrapServers());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertTrue(topics.contains(topic), topics.toString());
        }
    }
}
