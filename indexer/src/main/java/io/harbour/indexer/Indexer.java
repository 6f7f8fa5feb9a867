package io.harbour.indexer;

import io.harbour.elastic.ElasticsearchConnection;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harbour.layout.DocumentBuilder;
import io.harbour.model.LogKind;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The indexer: one member of a consumer group over the ingest topics, turning records into
 * documents and writing them to Elasticsearch, committing an offset only once every record before
 * it is stored or parked in the dead-letter topic.
 *
 * <p>One thread (the poll thread, {@link ConsumerLoop}) owns the consumer and all pipeline state, so
 * nothing is shared but one queue: bulk results and dead-letter acknowledgements come back from
 * other threads and are handled between polls. Whatever Elasticsearch does, the loop keeps polling
 * (with partitions paused while anything waits for a retry or too much is in flight), so the
 * consumer stays in its group, nothing piles up in memory, and nothing is skipped: an outage is a
 * pause, not a crash.
 *
 * <p>Start-up waits for Elasticsearch as patiently as writing does: templates installed, the
 * dead-letter topic present and the joiner's open halves restored before the first record is read.
 *
 * <p>This class is the public entry point: it builds the pieces, starts and stops the poll thread
 * and the retention timer, and reports the indexer's state.
 */
public final class Indexer implements AutoCloseable {

    /** Builds an {@link Indexer}; only the configuration is required. */
    public static final class Builder {
        private final IndexerConfig config;
        private final Map<LogKind, DocumentSource> sources = new EnumMap<>(LogKind.class);
        private MeterRegistry registry;
        private ObjectMapper json = new ObjectMapper();

        private Builder(IndexerConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            DocumentBuilder documents = new DocumentBuilder();
            sources.put(LogKind.LOGHARBOUR, documents::buildSerialized);
            sources.put(LogKind.OBSERVATIONS, documents::build);
        }

        /**
         * Replaces the layout's document builder for LogHarbour entries or observations (ExtraHop
         * logs always go through the exchange joiner of their partition).
         */
        public Builder documents(LogKind kind, DocumentSource source) {
            if (kind == LogKind.EXTRAHOP) {
                throw new IllegalArgumentException("ExtraHop logs are joined per partition by the exchange joiner");
            }
            sources.put(kind, source);
            return this;
        }

        /**
         * Where the meters go (default: a {@link PrometheusMeterRegistry} when {@code http.enabled},
         * else a {@link SimpleMeterRegistry}). With {@code http.enabled} and a registry that is not
         * Prometheus's, the meters go to both, and {@code /metrics} serves the Prometheus one.
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = registry;
            return this;
        }

        public Builder objectMapper(ObjectMapper json) {
            this.json = json;
            return this;
        }

        public Indexer build() {
            List<String> problems = config.problems();
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("invalid indexer configuration: " + problems);
            }
            return new Indexer(this);
        }
    }

    /** The GET paths of the operational server ({@code http.enabled}); anything else is 404. */
    public static final List<String> HTTP_PATHS = List.of("/healthz", "/readyz", "/metrics");

    public static Builder builder(IndexerConfig config) {
        return new Builder(config);
    }

    private final IndexerConfig config;
    private final String indexerId;
    private final ObjectMapper json;
    private final IndexerMetrics metrics;
    private final PrometheusMeterRegistry prometheus;
    private final RecordConverter converter;

    // Created at start.
    private ElasticsearchConnection es;
    private DailyIndices dailyIndices;
    private volatile ConsumerLoop loop;
    private RetentionTimer retentionTimer;
    private Thread thread;
    private IndexerHttpServer httpServer;
    private DependencyProbe probe;
    private volatile boolean closing;

    private Indexer(Builder b) {
        this.config = b.config;
        this.indexerId = config.kafka().groupId() + "@" + hostName() + "/" + ProcessHandle.current().pid();
        this.json = b.json;
        MeterRegistry registry = b.registry;
        if (config.http().enabled()) {
            if (registry instanceof PrometheusMeterRegistry p) {
                prometheus = p;
            } else {
                prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                registry = registry == null ? prometheus : new CompositeMeterRegistry(Clock.SYSTEM, List.of(registry, prometheus));
            }
        } else {
            prometheus = null;
            registry = registry == null ? new SimpleMeterRegistry() : registry;
        }
        this.metrics = new IndexerMetrics(registry);
        this.converter = new RecordConverter(b.sources);
        config.kafka().topics().keySet().forEach(kind -> LogKind.parse(kind).orElseThrow());
    }

    /**
     * Starts the poll thread and returns at once; the thread waits for Elasticsearch and Kafka as long as it takes.
     * With {@code http.enabled} the operational server is bound first, so a port that cannot be
     * bound fails here ({@link UncheckedIOException} naming {@code http.port}) with nothing started.
     */
    public synchronized Indexer start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        IndexerConfig.Http http = config.http();
        if (http.enabled()) {
            try {
                httpServer = IndexerHttpServer.start(http.host(), http.port(), this::readiness, prometheus);
            } catch (IOException e) {
                throw new UncheckedIOException("http.host/http.port: cannot listen on " + http.host() + ":" + http.port() + ": " + e, e);
            }
        }
        es = new ElasticsearchConnection(config.elasticsearch(), json);
        dailyIndices = new DailyIndices(es, config.indices());
        WatermarkPublisher watermarkPublisher = new WatermarkPublisher(es, json, config.indices(), metrics::watermarksWritten);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClientProperties.producer(config.kafka()),
                new ByteArraySerializer(), new ByteArraySerializer());
        loop = new ConsumerLoop(config, indexerId, metrics, converter, es, dailyIndices, watermarkPublisher, producer);
        thread = new Thread(loop, "harbour-indexer");
        thread.start();
        if (config.retention().enabled()) {
            retentionTimer = new RetentionTimer(config.retention().checkInterval(), this::retention);
        }
        if (http.enabled()) {
            Duration third = http.readyMaxSilence().dividedBy(3);
            probe = DependencyProbe.start(es, config.kafka(),
                    third.compareTo(DependencyProbe.DEFAULT_INTERVAL) < 0 ? third : DependencyProbe.DEFAULT_INTERVAL);
        }
        return this;
    }

    /** Whether the indexer should count as ready, and if not why. */
    public record Readiness(boolean ready, String reason) {
        static Readiness yes() {
            return new Readiness(true, "ready");
        }

        static Readiness no(String reason) {
            return new Readiness(false, reason);
        }
    }

    /**
     * What {@code /readyz} answers: ready while the poll thread runs, has subscribed
     * ({@link #isReady()}), is not closing, and (with {@code http.enabled}, which starts the probe)
     * Elasticsearch and Kafka both answered the indexer's probe within {@code http.ready_max_silence}.
     * Not ready is not a fault to restart for during an outage (the indexer waits and loses
     * nothing); {@link #failure()} is.
     */
    public Readiness readiness() {
        Throwable f = failure();
        if (f != null) {
            return Readiness.no("the indexer stopped by itself: " + Causes.describe(f));
        }
        synchronized (this) {
            if (thread == null) {
                return Readiness.no("not started");
            }
        }
        if (closing || !isRunning()) {
            return Readiness.no(isRunning() ? "stopping" : "stopped");
        }
        if (!isReady()) {
            return Readiness.no("starting: waiting for Elasticsearch and Kafka (templates, dead-letter topic, group subscription)");
        }
        DependencyProbe p = probe;
        if (p != null) {
            Optional<String> problem = p.problem(config.http().readyMaxSilence());
            if (problem.isPresent()) {
                return Readiness.no(problem.get());
            }
        }
        return Readiness.yes();
    }

    /** Where the operational server listens (the port chosen when {@code http.port} is 0); empty when {@code http.enabled} is false or before start. */
    public synchronized Optional<InetSocketAddress> httpAddress() {
        return httpServer == null ? Optional.empty() : Optional.of(httpServer.address());
    }

    /** Retention over this indexer's Elasticsearch and realm limits (a dry run is {@link Retention#dryRun}). */
    public Retention retention() {
        if (es == null) {
            throw new IllegalStateException("not started");
        }
        return new Retention(es, config.retention()::daysFor, dailyIndices::forget);
    }

    /** True once templates are installed and the consumer has subscribed. */
    public boolean isReady() {
        ConsumerLoop l = loop;
        return l != null && l.isReady();
    }

    public boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** Why the indexer stopped by itself (a template Elasticsearch refuses), or null. */
    public Throwable failure() {
        ConsumerLoop l = loop;
        return l == null ? null : l.failure();
    }

    /**
     * Graceful stop: sends what is buffered, waits for answers (at most the request timeout),
     * commits what is safe, and leaves the group.
     */
    @Override
    public void close() {
        stop(false);
    }

    /**
     * An abrupt stop, as a crash would be: no flush, no commit. The consumer is closed so that the
     * group rebalances at once (a killed process would be noticed only after the session timeout);
     * everything read since the last commit is read again by whoever gets the partitions.
     */
    public void crash() {
        stop(true);
    }

    private void stop(boolean crash) {
        Thread t;
        synchronized (this) {
            t = thread;
            if (t == null) {
                return;
            }
            closing = true;
            loop.stop(crash);
        }
        if (retentionTimer != null) {
            retentionTimer.close();
        }
        try {
            t.join(config.elasticsearch().requestTimeout().toMillis() + 30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Last, so that /readyz says 503 ("stopping") for as long as the drain takes.
        if (probe != null) {
            probe.close();
        }
        if (httpServer != null) {
            httpServer.close();
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
