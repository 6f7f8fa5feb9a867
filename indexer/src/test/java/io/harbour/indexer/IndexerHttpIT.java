package io.harbour.indexer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.elastic.ElasticsearchSettings;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.FreePorts;
import io.harbour.stack.HarbourStackExtension;
import io.harbour.stack.KafkaBroker;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The indexer's operational server on a real broker and node, bound to a free port (http.port 0):
 * /healthz at once, /readyz 200 once the indexer runs, /metrics with the harbour_indexer_ counters
 * of the records it stored and the watermark age, 404 and 405; after close the indexer is not
 * ready and the port is closed. And 503 with its reason while Elasticsearch does not answer.
 */
@ExtendWith(HarbourStackExtension.class)
class IndexerHttpIT {
    static final int RECORDS = 500;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void servesHealthReadinessAndMetricsOfWhatItIndexed(KafkaBroker kafka, ElasticsearchNode es) throws Exception {
        String realm = "httpops";
        try (Harness h = new Harness(kafka, es, "http-ops")) {
            IndexerConfig config = h.config.withHttp(IndexerConfig.Http.on("127.0.0.1", 0));
            Indexer indexer = Indexer.builder(config).build().start();
            InetSocketAddress address = indexer.httpAddress().orElseThrow();
            assertNotEquals(0, address.getPort(), "port 0 became a real port");
            URI base = URI.create("http://127.0.0.1:" + address.getPort());
            try {
                assertEquals(200, get(base, "/healthz").statusCode());
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> get(base, "/readyz").statusCode() == 200);
                assertEquals("{\"ready\":true}", get(base, "/readyz").body());

                List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
                long start = Harness.nowNanos();
                for (int i = 0; i < RECORDS; i++) {
                    records.add(h.logHarbour(realm, i, start + i * 1000L));
                }
                h.sendAll(records);
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> h.count(realm) >= RECORDS);

                // The counters reach the scrape; the watermark age appears once a watermark write is accepted.
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    String text = get(base, "/metrics").body();
                    return value(text, "harbour_indexer_records_done_total{outcome=\"stored\"}").orElse(0) >= RECORDS
                            && value(text, "harbour_indexer_watermark_age_seconds").isPresent();
                });
                HttpResponse<String> metrics = get(base, "/metrics");
                assertEquals(200, metrics.statusCode());
                assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), metrics.headers().toString());
                String text = metrics.body();
                assertEquals(RECORDS, value(text, "harbour_indexer_records_read_total").orElseThrow(), 0.0, text);
                assertEquals(RECORDS, value(text, "harbour_indexer_records_done_total{outcome=\"stored\"}").orElseThrow(), 0.0);
                assertTrue(text.contains("# TYPE harbour_indexer_bulk_latency_seconds summary"), text);
                double age = value(text, "harbour_indexer_watermark_age_seconds").orElseThrow();
                assertTrue(age >= 0 && age < 30, "caught-up partitions keep the watermark within the grace of now, not " + age);
                assertTrue(h.watermark().isPresent(), "the gauge follows a watermark Elasticsearch holds");

                assertEquals(404, get(base, "/nothing-here").statusCode());
                HttpResponse<String> post = client.send(HttpRequest.newBuilder(base.resolve("/metrics"))
                        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(405, post.statusCode());
                assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
            } finally {
                indexer.close();
            }
            assertFalse(indexer.readiness().ready());
            assertEquals("stopped", indexer.readiness().reason());
            assertThrows(ConnectException.class, () -> get(base, "/readyz"), "the server stops with the indexer");
        }
    }

    @Test
    void notReadyWithItsReasonWhileElasticsearchDoesNotAnswer(KafkaBroker kafka, ElasticsearchNode es) throws Exception {
        try (Harness h = new Harness(kafka, es, "http-no-es")) {
            ElasticsearchSettings e = h.config.elasticsearch();
            IndexerConfig config = new IndexerConfig(h.config.kafka(),
                    new ElasticsearchSettings(List.of("http://127.0.0.1:" + FreePorts.pick()), e.username(), e.password(), e.apiKey(),
                            e.connectTimeout(), e.requestTimeout(), e.idleConnectionTtl()),
                    h.config.bulk(), h.config.retry(), h.config.join(), h.config.retention(), h.config.indices(), h.config.watermark(),
                    new IndexerConfig.Http(true, "127.0.0.1", 0, Duration.ofSeconds(3)));
            try (Indexer indexer = Indexer.builder(config).build().start()) {
                URI base = URI.create("http://127.0.0.1:" + indexer.httpAddress().orElseThrow().getPort());
                assertEquals(200, get(base, "/healthz").statusCode(), "alive, though not ready");
                // Held for longer than ready_max_silence: the probe's reason or start-up's, never ready.
                long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                HttpResponse<String> r;
                do {
                    r = get(base, "/readyz");
                    assertEquals(503, r.statusCode(), r.body());
                    Thread.sleep(250);
                } while (System.nanoTime() < until);
                JsonNode body = Harness.JSON.readTree(r.body());
                assertFalse(body.path("ready").asBoolean(true));
                assertTrue(body.path("reason").asText().startsWith("starting"), r.body());
            }
        }
    }

    private HttpResponse<String> get(URI base, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A sample's value in Prometheus text, by its name and labels exactly as written, or empty. */
    static OptionalDouble value(String text, String sample) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(text);
        if (!m.find()) {
            return OptionalDouble.empty();
        }
        double v = Double.parseDouble(m.group(1));
        return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
