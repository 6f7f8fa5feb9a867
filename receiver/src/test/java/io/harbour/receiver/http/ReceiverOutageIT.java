package io.harbour.receiver.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.receiver.IngestPublisher;
import io.harbour.receiver.IngestRecord;
import io.harbour.receiver.kafka.IngestTopics;
import io.harbour.receiver.kafka.KafkaIngestPublisher;
import io.harbour.receiver.kafka.KafkaPublisherSettings;
import io.harbour.stack.HarbourStackExtension;
import io.harbour.stack.KafkaBroker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The 202 promise when things go wrong: the broker away and back, and the server shut down mid-request. */
@ExtendWith(HarbourStackExtension.class)
class ReceiverOutageIT {
    private static final String ENTRY = "{\"app\":\"Outage\",\"when\":\"2026-11-23T05:56:38Z\",\"msg\":\"m\"}\n";

    @TempDir
    Path certs;

    private static HttpRequest request(int port, String path, String body) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("X-Harbour-Key", "good")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpRequest readiness(int port) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/readyz")).build();
    }

    @Test
    void brokerAwayIs503WithRetryAfterAndNoAcceptanceThenTheSameRequestSucceeds(KafkaBroker broker) throws Exception {
        TlsFixture tls = new TlsFixture(certs);
        KafkaPublisherSettings d = KafkaPublisherSettings.defaults(broker.bootstrapServers());
        KafkaPublisherSettings settings = new KafkaPublisherSettings(d.bootstrapServers(), d.topics(), d.partitions(),
                d.replicationFactor(), d.compression(), d.lingerMs(), d.maxInFlight(), d.batchBytes(), 3_000, d.bufferMemoryBytes(), 2, Map.of());
        IngestTopics.ensure(settings);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HttpClient client = tls.httpClient(HttpClient.Version.HTTP_1_1, false);
        try (KafkaIngestPublisher publisher = new KafkaIngestPublisher(settings, registry);
             ReceiverServer server = new ReceiverServer(ReceiverHttpSettings.defaults().toBuilder().host("127.0.0.1").port(0).build(),
                     tls.server, new TestAuthentication(), publisher, registry)) {
            int port = server.start().getPort();
            HttpRequest post = request(port, "/api/v1/logharbour/entries", ENTRY);
            assertEquals(202, client.send(post, HttpResponse.BodyHandlers.ofString()).statusCode());
            broker.stop();
            try {
                HttpResponse<String> away = client.send(post, HttpResponse.BodyHandlers.ofString());
                assertEquals(503, away.statusCode(), away.body());
                assertEquals("2", away.headers().firstValue("Retry-After").orElseThrow());
                assertFalse(away.body().contains("accepted\":"), away.body());
                awaitStatus(client, readiness(port), 503);
            } finally {
                broker.start();
            }
            awaitStatus(client, readiness(port), 200);
            HttpResponse<String> back = client.send(post, HttpResponse.BodyHandlers.ofString());
            assertEquals(202, back.statusCode(), back.body());
            String receipt = io.harbour.model.Json.mapper().readTree(back.body()).get("receipt").asText();
            new KafkaRecords(broker.bootstrapServers()).withReceipt("harbour.logharbour", receipt, 1);
        }
    }

    @Test
    void shutdownStopsAcceptingAndFinishesTheRequestInProgress(KafkaBroker broker) throws Exception {
        TlsFixture tls = new TlsFixture(certs);
        KafkaPublisherSettings settings = KafkaPublisherSettings.defaults(broker.bootstrapServers());
        IngestTopics.ensure(settings);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HttpClient client = tls.httpClient(HttpClient.Version.HTTP_2, false);
        try (KafkaIngestPublisher kafka = new KafkaIngestPublisher(settings, registry)) {
            SlowPublisher slow = new SlowPublisher(kafka);
            ReceiverServer server = new ReceiverServer(ReceiverHttpSettings.defaults().toBuilder().host("127.0.0.1").port(0).build(),
                    tls.server, new TestAuthentication(), slow, registry);
            int port = server.start().getPort();
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(request(port, "/api/v1/logharbour/entries", ENTRY),
                    HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (slow.calls.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, slow.calls.get(), "the request reached the publisher");
            server.close();
            HttpResponse<String> answered = inFlight.get(30, TimeUnit.SECONDS);
            assertEquals(202, answered.statusCode(), answered.body());
            assertTrue(refusesConnections(port), "no longer accepting");
        }
    }

    private static boolean refusesConnections(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return false;
        } catch (ConnectException expected) {
            return true;
        } catch (java.io.IOException other) {
            return true;
        }
    }

    private static void awaitStatus(HttpClient client, HttpRequest request, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() != status) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + status + " from " + request.uri());
            }
            Thread.sleep(250);
        }
    }

    /** Kafka, a second late: time for a shutdown to begin while a request waits. */
    private static final class SlowPublisher implements IngestPublisher {
        final AtomicInteger calls = new AtomicInteger();
        private final IngestPublisher delegate;

        SlowPublisher(IngestPublisher delegate) {
            this.delegate = delegate;
        }

        @Override
        public CompletableFuture<Void> publish(List<IngestRecord> records) {
            calls.incrementAndGet();
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> delegate.publish(records));
        }

        @Override
        public boolean ready() {
            return delegate.ready();
        }

        @Override
        public void close() {
        }
    }

}
