package io.harbour.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Checks a running local Harbour: a Kafka round trip and Elasticsearch's cluster health. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check the local stack: Kafka round trip (acks=all), Elasticsearch health.")
final class DoctorCommand implements Callable<Integer> {
    static final String TOPIC = "harbour.doctor";

    @Option(names = "--state-dir", description = "State directory of `harbour up` (default: $HARBOUR_STATE_DIR or ./state).")
    Path stateDir;

    @Option(names = "--kafka", description = "Kafka bootstrap servers (default: from harbour-up.json).")
    String kafka;

    @Option(names = "--elasticsearch", description = "Elasticsearch URL (default: from harbour-up.json).")
    URI elasticsearch;

    @Override
    public Integer call() {
        if (kafka == null || elasticsearch == null) {
            Path upFile = StateDir.of(stateDir).upFile();
            if (!Files.exists(upFile)) {
                System.out.println("✗ no running stack: " + upFile + " does not exist (start one with ./harbour up)");
                return 1;
            }
            UpState up = UpState.read(upFile);
            kafka = kafka != null ? kafka : up.kafkaBootstrapServers();
            elasticsearch = elasticsearch != null ? elasticsearch : URI.create(up.elasticsearchUrl());
        }
        boolean ok = report("Kafka round trip (" + kafka + ")", this::kafkaRoundTrip);
        ok &= report("Elasticsearch health (" + elasticsearch + ")", this::elasticsearchHealth);
        System.out.println(ok ? "all checks passed" : "some checks failed");
        return ok ? 0 : 1;
    }

    private static boolean report(String name, Callable<String> check) {
        try {
            System.out.println("✓ " + name + ": " + check.call());
            return true;
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            System.out.println("✗ " + name + ": " + cause);
            return false;
        }
    }

    /** Produces one record with acks=all and reads that very record back by its offset. */
    private String kafkaRoundTrip() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka, "request.timeout.ms", 5000, "default.api.timeout.ms", 10000))) {
            // The broker's default replication, not 1: on a cluster with min.insync.replicas=2 a topic
            // of one replica refuses every acks=all write, and doctor would report a healthy cluster sick.
            admin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(1), Optional.empty()))).all().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        byte[] payload = ("doctor " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        long started = System.nanoTime();
        RecordMetadata sent;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10000), new ByteArraySerializer(), new ByteArraySerializer())) {
            sent = producer.send(new ProducerRecord<>(TOPIC, payload)).get(15, TimeUnit.SECONDS);
        }
        TopicPartition tp = new TopicPartition(sent.topic(), sent.partition());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, sent.offset());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() == sent.offset() && Arrays.equals(r.value(), payload)) {
                        return "record written with acks=all and read back at " + tp + "@" + sent.offset() + " in "
                                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms";
                    }
                }
            }
        }
        throw new IllegalStateException("record written at " + tp + "@" + sent.offset() + " but not read back within 15 s");
    }

    private String elasticsearchHealth() throws Exception {
        HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                HttpRequest.newBuilder(elasticsearch.resolve("/_cluster/health")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
        }
        String status = new ObjectMapper().readTree(r.body()).path("status").asText();
        if (!status.equals("green") && !status.equals("yellow")) {
            throw new IllegalStateException("cluster status " + status);
        }
        return "cluster status " + status;
    }
}
