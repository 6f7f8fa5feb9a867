package io.harbour.indexer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harbour.indexer.BulkWriter.ItemResult;
import io.harbour.indexer.BulkWriter.Op;
import io.harbour.indexer.FailureClassifier.Outcome;
import io.harbour.indexer.exchange.ExchangeJoiner;
import io.harbour.indexer.exchange.JoinSettings;
import io.harbour.layout.DocumentBuilder;
import io.harbour.layout.IndexedDocument;
import io.harbour.layout.MalformedRecordException;
import io.harbour.layout.RecordContext;
import io.harbour.layout.Times;
import io.harbour.layout.Watermarks.WatermarkDocument;
import io.harbour.layout.exchange.ExchangeRestoreQuery;
import io.harbour.model.LogKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indexer: one member of a consumer group over the ingest topics, turning records into
 * documents and writing them to Elasticsearch, committing an offset only once every record before
 * it is stored or parked in the dead-letter topic.
 *
 * <p>One thread (the poll thread) owns the consumer and all pipeline state, so nothing is shared
 * but two queues: bulk results and dead-letter acknowledgements come back from other threads and
 * are handled between polls. Whatever Elasticsearch does, the loop keeps polling (with partitions
 * paused while anything waits for a retry or too much is in flight), so the consumer stays in
 * its group, nothing piles up in memory, and nothing is skipped: an outage is a pause, not a crash.
 *
 * <p>Start-up waits for Elasticsearch as patiently as writing does: templates installed, the
 * dead-letter topic present and the joiner's open halves restored before the first record is read.
 */
public final class Indexer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(1);
    private static final Duration SETTLE_ON_REVOKE = Duration.ofSeconds(5);

    /** Builds an {@link Indexer}; only the configuration is required. */
    public static final class Builder {
        private final IndexerConfig config;
        private final Map<LogKind, DocumentSource> sources = new EnumMap<>(LogKind.class);
        private MeterRegistry registry = new SimpleMeterRegistry();
        private ObjectMapper json = new ObjectMapper();

        private Builder(IndexerConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            DocumentBuilder documents = new DocumentBuilder();
            sources.put(LogKind.LOGHARBOUR, documents::build);
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

    public static Builder builder(IndexerConfig config) {
        return new Builder(config);
    }

    /** What the poll thread knows of one assigned partition. */
    private static final class PartitionState {
        final long generation;
        final OffsetTracker tracker = new OffsetTracker();
        /** The exchange joiner of an ExtraHop partition; null for other topics. */
        final ExchangeJoiner joiner;
        /** Watermark document claimed and joiner restored: the partition may be read. */
        boolean prepared;
        long prepareDueNanos;
        int prepareAttempts;
        /** The watermark this partition had before we got it (its previous owner's); null if none. */
        Long inheritedWatermark;
        boolean caughtUp;
        long caughtUpAtNanos;
        /** Oldest pending exchange when a sweep ran, held until the sweep's writes are stored. */
        long sweepHoldNanos = Long.MAX_VALUE;
        int sweepWritesOutstanding;

        PartitionState(long generation, ExchangeJoiner joiner) {
            this.generation = generation;
            this.joiner = joiner;
        }
    }

    /** Something to do later on the poll thread: a retry, or a dead letter sent again. */
    private record Scheduled(long dueNanos, long seq, TopicPartition partition, long generation, Runnable action) {
    }

    /** Kafka's answer to a dead letter. */
    private record DeadLetterAck(TopicPartition partition, long generation, ConsumerRecord<byte[], byte[]> record,
                                 String stage, String reason, int attempt, Exception error) {
    }

    private final IndexerConfig config;
    private final JoinSettings joinSettings;
    private final String extraHopTopic;
    private final String indexerId;
    private final ObjectMapper json;
    private final IndexerMetrics metrics;
    private final RecordConverter converter;
    private final Backoff backoff;
    private final WatermarkTracker watermarks;
    private final Map<String, LogKind> topics = new HashMap<>();
    private final Map<String, String> kindOfTopic = new HashMap<>();

    // Created at start.
    private ElasticsearchConnection es;
    private DailyIndices dailyIndices;
    private BulkWriter writer;
    private WatermarkPublisher watermarkPublisher;
    private KafkaConsumer<byte[], byte[]> consumer;
    private KafkaProducer<byte[], byte[]> producer;
    private DeadLetterPublisher deadLetters;
    private ScheduledExecutorService retentionTimer;
    private Thread thread;

    // Poll-thread state.
    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    private final Queue<Object> results = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Scheduled> scheduled = new PriorityQueue<>((a, b) -> a.dueNanos != b.dueNanos
            ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.seq, b.seq));
    private final Map<String, Long> indexUnavailableUntil = new HashMap<>();
    private final Set<TopicPartition> paused = new HashSet<>();
    private final Set<TopicPartition> rewound = new HashSet<>();
    private long generations;
    private long scheduledSeq;
    private long nextCommitNanos;
    private long nextWatermarkNanos;
    private long nextSweepNanos;

    private volatile boolean running;
    private volatile boolean crashing;
    private volatile boolean ready;
    private volatile Throwable failure;

    private Indexer(Builder b) {
        this.config = b.config;
        this.joinSettings = new JoinSettings(config.join().window(), config.join().grace());
        this.extraHopTopic = config.kafka().topic(LogKind.EXTRAHOP);
        this.indexerId = config.kafka().groupId() + "@" + hostName() + "/" + ProcessHandle.current().pid();
        this.json = b.json;
        this.metrics = new IndexerMetrics(b.registry);
        this.converter = new RecordConverter(b.sources);
        this.backoff = new Backoff(config.retry().initialBackoff(), config.retry().maxBackoff(), () -> ThreadLocalRandom.current().nextDouble());
        this.watermarks = new WatermarkTracker(config.watermark().grace());
        config.kafka().topics().forEach((kind, topic) -> {
            topics.put(topic, LogKind.parse(kind).orElseThrow());
            kindOfTopic.put(topic, kind);
        });
    }

    /** Starts the poll thread and returns at once; the thread waits for Elasticsearch and Kafka as long as it takes. */
    public synchronized Indexer start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        es = new ElasticsearchConnection(config.elasticsearch(), json);
        dailyIndices = new DailyIndices(es, config.indices());
        watermarkPublisher = new WatermarkPublisher(es, json, config.indices());
        producer = new KafkaProducer<>(producerProperties(), new ByteArraySerializer(), new ByteArraySerializer());
        deadLetters = new DeadLetterPublisher(producer, config.kafka().deadLetterTopic());
        running = true;
        thread = new Thread(this::run, "harbour-indexer");
        thread.start();
        if (config.retention().enabled()) {
            retentionTimer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "harbour-retention");
                t.setDaemon(true);
                return t;
            });
            long every = config.retention().checkInterval().toMillis();
            retentionTimer.scheduleWithFixedDelay(this::applyRetention, Math.min(every, 60_000), every, TimeUnit.MILLISECONDS);
        }
        return this;
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
        return ready;
    }

    public boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** Why the indexer stopped by itself (a template Elasticsearch refuses), or null. */
    public Throwable failure() {
        return failure;
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
            crashing = crash;
            running = false;
        }
        if (retentionTimer != null) {
            retentionTimer.shutdownNow();
        }
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            t.join(config.elasticsearch().requestTimeout().toMillis() + 30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The poll thread

    private void run() {
        try {
            if (!prepare()) {
                return;
            }
            consumer = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            writer = new BulkWriter(es.asyncClient(), config.bulk(), metrics.bulkLatency, results::add);
            consumer.subscribe(topics.keySet(), new Rebalance());
            ready = true;
            LOG.info("indexer reading {} as group {}", topics.keySet(), config.kafka().groupId());
            while (running) {
                try {
                    pollOnce();
                } catch (WakeupException woken) {
                    // close() or crash(): the loop condition decides
                }
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("indexer stopped by an unexpected error; nothing after the last commit is lost, it will be read again", e);
            crashing = true;
        } finally {
            shutdown();
        }
    }

    /** Templates and the dead-letter topic, retried until they are there or we are stopped. */
    private boolean prepare() {
        int attempt = 0;
        boolean templates = false;
        while (running) {
            try {
                if (!templates) {
                    new TemplateInstaller(es).install(TemplateInstaller.harbourTemplates(config.indices()));
                    templates = true;
                }
                ensureDeadLetterTopic();
                return true;
            } catch (TemplateInstaller.TemplateRejectedException e) {
                failure = e;
                LOG.error("{}; the indexer cannot write documents with a broken mapping and stops", e.getMessage());
                return false;
            } catch (IOException | RuntimeException e) {
                attempt++;
                Duration wait = backoff.delay(attempt);
                if (attempt == 1 || attempt % 10 == 0) {
                    LOG.warn("waiting for Elasticsearch and Kafka (attempt {}): {}; next try in {} ms", attempt, describe(e), wait.toMillis());
                }
                sleep(wait);
            }
        }
        return false;
    }

    private void ensureDeadLetterTopic() throws IOException {
        Properties p = new Properties();
        p.putAll(config.kafka().properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(config.kafka().deadLetterTopic(), config.kafka().deadLetterPartitions(),
                    config.kafka().replicationFactor()))).all().get(20, TimeUnit.SECONDS);
            LOG.info("dead-letter topic {} created", config.kafka().deadLetterTopic());
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IOException("creating the dead-letter topic: " + e.getCause(), e.getCause());
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("creating the dead-letter topic: timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void pollOnce() {
        long pollWallNanos = wallNanos();
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        observeLag(pollWallNanos);
        rewound.clear();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            read(r);
        }
        drainResults();
        runScheduled();
        preparePartitions();
        long now = System.nanoTime();
        if (now >= nextSweepNanos) {
            nextSweepNanos = now + SWEEP_EVERY.toNanos();
            sweep(pollWallNanos);
        }
        applyBackpressure();
        if (now >= nextCommitNanos) {
            nextCommitNanos = now + config.kafka().commitInterval().toNanos();
            commit(false, partitions.keySet());
        }
        if (now >= nextWatermarkNanos) {
            nextWatermarkNanos = now + config.watermark().interval().toNanos();
            publishWatermarks();
        }
    }

    private void observeLag(long pollWallNanos) {
        for (Map.Entry<TopicPartition, PartitionState> e : partitions.entrySet()) {
            OptionalLong lag = consumer.currentLag(e.getKey());
            if (lag.isEmpty()) {
                continue;
            }
            metrics.lag(e.getKey(), lag.getAsLong());
            PartitionState s = e.getValue();
            if (lag.getAsLong() > 0) {
                s.caughtUp = false;
            } else if (!paused.contains(e.getKey())) {
                // Only a live fetch proves "nothing newer": a paused partition's lag is as old as its last fetch.
                s.caughtUp = true;
                s.caughtUpAtNanos = pollWallNanos;
            }
        }
    }

    /** One record read: track it first (so its offset is held), then convert and submit. */
    private void read(ConsumerRecord<byte[], byte[]> record) {
        metrics.recordsRead.increment();
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        PartitionState state = partitions.get(tp);
        if (state == null || rewound.contains(tp)) {
            return; // revoked while the batch was being handled (its new owner reads it again), or rewound below
        }
        if (!state.prepared) {
            // Fetched before the partition could be paused: read it again once it is prepared.
            consumer.seek(tp, record.offset());
            rewound.add(tp);
            return;
        }
        long bytes = (record.value() == null ? 0 : record.value().length) + (record.key() == null ? 0 : record.key().length);
        RecordConverter.Converted converted;
        try {
            converted = converter.convert(record, state.joiner == null ? null : (ctx, body) -> state.joiner.accept(ctx, body).documents());
        } catch (MalformedRecordException | RuntimeException e) {
            RecordContext context = null;
            try {
                context = RecordConverter.context(record);
            } catch (MalformedRecordException unusable) {
                // realm and receive time unknown: the record cannot hold a realm's watermark
            }
            state.tracker.track(record.offset(), context == null ? state.tracker.lastReadReceivedAtNanos() : context.receivedAtNanos(), 1, bytes);
            String reason = e instanceof MalformedRecordException ? e.getMessage() : "document builder failed: " + e;
            deadLetter(tp, state, record, DeadLetterPublisher.MALFORMED, reason);
            return;
        }
        RecordContext context = converted.context();
        state.tracker.track(record.offset(), context.receivedAtNanos(), converted.documents().size(), bytes);
        if (converted.documents().isEmpty()) {
            metrics.recordsStored.increment();
        }
        for (IndexedDocument d : converted.documents()) {
            submitDocument(tp, state.generation, record, d, false);
        }
    }

    private void submitDocument(TopicPartition tp, long generation, ConsumerRecord<byte[], byte[]> record, IndexedDocument d, boolean sweep) {
        String index;
        try {
            index = d.index();
        } catch (RuntimeException e) {
            malformed(new Op(tp, generation, record, d, null, sweep), "no index for the document: " + e.getMessage());
            return;
        }
        submit(new Op(tp, generation, record, d, index, sweep));
    }

    /**
     * Claims the watermark documents of newly assigned partitions and restores the exchange joiner
     * of each ExtraHop partition from Elasticsearch; until both are done the partition stays paused.
     */
    private void preparePartitions() {
        long now = System.nanoTime();
        List<TopicPartition> due = new ArrayList<>();
        for (Map.Entry<TopicPartition, PartitionState> e : partitions.entrySet()) {
            if (!e.getValue().prepared && e.getValue().prepareDueNanos <= now) {
                due.add(e.getKey());
            }
        }
        if (due.isEmpty()) {
            return;
        }
        try {
            Map<TopicPartition, Long> inherited = watermarkPublisher.claim(due, kindOfTopic, indexerId);
            for (TopicPartition tp : due) {
                PartitionState s = partitions.get(tp);
                Long w = inherited.get(tp);
                s.inheritedWatermark = w;
                if (w != null) {
                    watermarks.floor(tp, w);
                }
                if (s.joiner != null) {
                    restore(tp, s);
                }
                s.prepared = true;
            }
            LOG.info("partitions ready to read: {}", due);
        } catch (IOException | RuntimeException e) {
            for (TopicPartition tp : due) {
                PartitionState s = partitions.get(tp);
                if (s != null && !s.prepared) {
                    s.prepareAttempts++;
                    s.prepareDueNanos = now + backoff.delay(s.prepareAttempts).toNanos();
                }
            }
            LOG.warn("partitions {} wait: watermark or exchange state not available yet: {}", due, describe(e));
        }
    }

    /** Rebuilds the joiner's open exchanges (pending ones, and those a replayed record can meet). */
    private void restore(TopicPartition tp, PartitionState s) throws IOException {
        Instant since = ExchangeRestoreQuery.since(s.inheritedWatermark == null || s.inheritedWatermark <= 0
                ? null : Times.instant(s.inheritedWatermark), joinSettings.lookBack());
        JsonNode searchAfter = null;
        int restored = 0;
        do {
            ElasticsearchConnection.JsonResponse r = es.send("POST", "/" + ExchangeRestoreQuery.INDEX
                    + "/_search?ignore_unavailable=true&allow_no_indices=true", ExchangeRestoreQuery.body(tp.topic(), tp.partition(), since, searchAfter));
            if (!r.ok()) {
                throw new IOException("restoring exchanges of " + tp + ": HTTP " + r.status() + " " + r.body());
            }
            for (JsonNode hit : r.body().path("hits").path("hits")) {
                if (s.joiner.restore(hit.path("_source"))) {
                    restored++;
                }
            }
            searchAfter = ExchangeRestoreQuery.nextSearchAfter(r.body());
        } while (searchAfter != null);
        if (restored > 0) {
            LOG.info("{}: {} exchanges restored ({} pending)", tp, restored, s.joiner.pendingCount());
        }
    }

    /**
     * Lets each ExtraHop joiner declare orphan what waited too long. The clock is the partition's:
     * the latest receive time read, or while caught up the wall clock less the grace, so a
     * consumer that lags never orphans a half whose partner waits in the topic.
     */
    private void sweep(long wallNanos) {
        long pending = 0;
        for (Map.Entry<TopicPartition, PartitionState> e : partitions.entrySet()) {
            PartitionState s = e.getValue();
            if (s.joiner == null || !s.prepared) {
                continue;
            }
            Instant clock = s.caughtUp ? Times.instant(wallNanos - joinSettings.grace().toNanos()) : s.joiner.clock().orElse(null);
            if (clock != null) {
                long oldest = s.joiner.oldestPendingReceivedAt().map(Times::nanos).orElse(Long.MAX_VALUE);
                List<IndexedDocument> writes = s.joiner.sweep(clock);
                if (!writes.isEmpty()) {
                    s.sweepHoldNanos = Math.min(s.sweepHoldNanos, oldest);
                    s.sweepWritesOutstanding += writes.size();
                    metrics.orphaned.increment(writes.size());
                    for (IndexedDocument d : writes) {
                        submitDocument(e.getKey(), s.generation, null, d, true);
                    }
                }
            }
            pending += s.joiner.pendingCount();
        }
        metrics.pendingHalves(pending);
    }

    /** Makes sure the daily index exists, then hands the operation to the bulk writer (or to a later retry). */
    private void submit(Op op) {
        Long until = indexUnavailableUntil.get(op.index);
        if (until != null && System.nanoTime() < until) {
            retryLater(op, "index " + op.index + " could not be created yet");
            return;
        }
        try {
            dailyIndices.ensure(op.index, op.document.kind(), op.document.realm());
            indexUnavailableUntil.remove(op.index);
        } catch (IOException e) {
            // Other operations for this index wait without asking Elasticsearch again each time.
            indexUnavailableUntil.put(op.index, System.nanoTime() + backoff.delay(op.attempts + 1).toNanos());
            retryLater(op, e.toString());
            return;
        } catch (DailyIndices.IndexRefusedException e) {
            malformed(op, e.getMessage());
            return;
        }
        writer.add(op);
    }

    private void drainResults() {
        Object r;
        while ((r = results.poll()) != null) {
            if (r instanceof ItemResult item) {
                handle(item);
            } else if (r instanceof DeadLetterAck ack) {
                handle(ack);
            }
        }
    }

    private void handle(ItemResult item) {
        Op op = item.op();
        if (op.partition != null && !current(op.partition, op.generation)) {
            return;
        }
        switch (item.outcome()) {
            case STORED -> {
                metrics.documentsStored.increment();
                if (op.sweep) {
                    PartitionState s = partitions.get(op.partition);
                    if (--s.sweepWritesOutstanding <= 0) {
                        s.sweepWritesOutstanding = 0;
                        s.sweepHoldNanos = Long.MAX_VALUE;
                    }
                } else if (op.partition != null) {
                    OffsetTracker t = partitions.get(op.partition).tracker;
                    boolean wasPending = t.isPending(op.offset);
                    t.documentStored(op.offset);
                    if (wasPending && !t.isPending(op.offset)) {
                        metrics.recordsStored.increment();
                    }
                }
            }
            case RETRY -> {
                if ("index_not_found_exception".equals(item.errorType())) {
                    dailyIndices.forget(op.index);
                }
                retryLater(op, item.reason());
            }
            case MALFORMED -> malformed(op, item.reason());
        }
    }

    private void retryLater(Op op, String reason) {
        metrics.retries.increment();
        Duration wait = backoff.delay(Math.max(1, op.attempts));
        if (op.attempts <= 1 || op.attempts % 20 == 0) {
            LOG.warn("retrying {} {} in {} ms (attempt {}): {}", op.index, op.document.id(), wait.toMillis(), op.attempts + 1, reason);
        }
        schedule(wait, op.partition, op.generation, () -> submit(op));
    }

    private void malformed(Op op, String reason) {
        if (op.record == null) {
            // A sweep document has no record to park; it is the joiner's own, so this is a defect to see in the log.
            LOG.error("document {} in {} refused and dropped: {}", op.document.id(), op.index, reason);
            return;
        }
        PartitionState state = partitions.get(op.partition);
        deadLetter(op.partition, state, op.record, DeadLetterPublisher.REJECTED, reason);
    }

    private void deadLetter(TopicPartition tp, PartitionState state, ConsumerRecord<byte[], byte[]> record, String stage, String reason) {
        if (!state.tracker.startDeadLetter(record.offset())) {
            return;
        }
        LOG.warn("dead-lettering {}-{}@{} ({}): {}", record.topic(), record.partition(), record.offset(), stage, reason);
        sendDeadLetter(tp, state.generation, record, stage, reason, 1);
    }

    private void sendDeadLetter(TopicPartition tp, long generation, ConsumerRecord<byte[], byte[]> record, String stage, String reason, int attempt) {
        try {
            deadLetters.publish(record, stage, reason, error -> results.add(new DeadLetterAck(tp, generation, record, stage, reason, attempt, error)));
        } catch (RuntimeException e) {
            results.add(new DeadLetterAck(tp, generation, record, stage, reason, attempt, e));
        }
    }

    private void handle(DeadLetterAck ack) {
        if (!current(ack.partition(), ack.generation())) {
            return;
        }
        if (ack.error() != null) {
            Duration wait = backoff.delay(ack.attempt());
            LOG.warn("dead letter for {}-{}@{} not acknowledged ({}); sending again in {} ms", ack.record().topic(),
                    ack.record().partition(), ack.record().offset(), ack.error().toString(), wait.toMillis());
            metrics.retries.increment();
            schedule(wait, ack.partition(), ack.generation(),
                    () -> sendDeadLetter(ack.partition(), ack.generation(), ack.record(), ack.stage(), ack.reason(), ack.attempt() + 1));
            return;
        }
        partitions.get(ack.partition()).tracker.deadLettered(ack.record().offset());
        metrics.recordsDeadLettered.increment();
        (DeadLetterPublisher.MALFORMED.equals(ack.stage()) ? metrics.deadLettersMalformed : metrics.deadLettersRejected).increment();
    }

    private boolean current(TopicPartition tp, long generation) {
        PartitionState s = partitions.get(tp);
        return s != null && s.generation == generation;
    }

    private void schedule(Duration wait, TopicPartition tp, long generation, Runnable action) {
        scheduled.add(new Scheduled(System.nanoTime() + wait.toNanos(), scheduledSeq++, tp, generation, action));
    }

    private void runScheduled() {
        long now = System.nanoTime();
        while (!scheduled.isEmpty() && scheduled.peek().dueNanos() <= now) {
            Scheduled s = scheduled.poll();
            if (s.partition() == null || current(s.partition(), s.generation())) {
                s.action().run();
            }
        }
    }

    /**
     * Pauses every partition while anything waits for a retry (Elasticsearch is struggling: reading
     * more would only pile up) or while too many records or bytes are in flight; resumes when both clear.
     */
    private void applyBackpressure() {
        long records = 0;
        long bytes = 0;
        for (PartitionState s : partitions.values()) {
            records += s.tracker.pending();
            bytes += s.tracker.pendingBytes();
        }
        metrics.inFlight(records, scheduled.size());
        boolean hold = !scheduled.isEmpty() || records >= config.kafka().maxInFlightRecords() || bytes >= config.kafka().maxInFlightBytes();
        Set<TopicPartition> shouldPause = new HashSet<>();
        for (Map.Entry<TopicPartition, PartitionState> e : partitions.entrySet()) {
            if (hold || !e.getValue().prepared) {
                shouldPause.add(e.getKey());
            }
        }
        Set<TopicPartition> toPause = new HashSet<>(shouldPause);
        toPause.removeAll(paused);
        if (!toPause.isEmpty()) {
            consumer.pause(toPause);
        }
        Set<TopicPartition> toResume = new HashSet<>(paused);
        toResume.removeAll(shouldPause);
        toResume.retainAll(partitions.keySet());
        if (!toResume.isEmpty()) {
            consumer.resume(toResume);
        }
        paused.clear();
        paused.addAll(shouldPause);
    }

    /** Commits the finished prefix of each partition that moved. */
    private void commit(boolean sync, Collection<TopicPartition> which) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<TopicPartition, Long> generationsOf = new HashMap<>();
        for (TopicPartition tp : which) {
            PartitionState s = partitions.get(tp);
            if (s == null) {
                continue;
            }
            OptionalLong offset = s.tracker.committable();
            if (offset.isPresent()) {
                offsets.put(tp, new OffsetAndMetadata(offset.getAsLong()));
                generationsOf.put(tp, s.generation);
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        if (sync) {
            try {
                consumer.commitSync(offsets, Duration.ofSeconds(10));
                offsets.forEach((tp, o) -> partitions.get(tp).tracker.committed(o.offset()));
            } catch (RuntimeException e) {
                LOG.warn("commit failed ({}); the records after the last commit will be read again, and their ids make that harmless", e.toString());
            }
        } else {
            consumer.commitAsync(offsets, (done, error) -> {
                if (error != null) {
                    LOG.debug("commit failed, the next one carries the same offsets: {}", error.toString());
                    return;
                }
                done.forEach((tp, o) -> {
                    if (current(tp, generationsOf.getOrDefault(tp, -1L))) {
                        partitions.get(tp).tracker.committed(o.offset());
                    }
                });
            });
        }
    }

    private void publishWatermarks() {
        List<WatermarkDocument> documents = new ArrayList<>();
        Instant now = Instant.now();
        for (Map.Entry<TopicPartition, PartitionState> e : partitions.entrySet()) {
            PartitionState s = e.getValue();
            if (!s.prepared) {
                continue;
            }
            long hold = s.sweepHoldNanos;
            if (s.joiner != null) {
                // A pending exchange may still change: a window holding it must not close yet.
                hold = Math.min(hold, s.joiner.oldestPendingReceivedAt().map(Times::nanos).orElse(Long.MAX_VALUE));
            }
            OptionalLong w = watermarks.compute(e.getKey(), new WatermarkTracker.PartitionState(s.caughtUp, s.caughtUpAtNanos,
                    s.tracker.lastReadReceivedAtNanos(), s.tracker.earliestPendingNanos(), hold));
            if (w.isPresent() && w.getAsLong() > 0) {
                documents.add(new WatermarkDocument(e.getKey().topic(), e.getKey().partition(), kindOfTopic.get(e.getKey().topic()),
                        Math.max(0, s.tracker.safeOffset()), Times.instant(w.getAsLong()), now, indexerId));
            }
        }
        watermarkPublisher.publish(documents);
    }

    private void applyRetention() {
        try {
            retention().run(Instant.now());
        } catch (IOException | RuntimeException e) {
            LOG.warn("retention skipped this time: {}", e.toString());
        }
    }

    private void shutdown() {
        try {
            if (crashing) {
                if (writer != null) {
                    writer.abandon();
                }
                if (consumer != null) {
                    consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
                }
                if (producer != null) {
                    producer.close(Duration.ZERO);
                }
            } else {
                if (writer != null) {
                    writer.close();
                }
                drainResults();
                if (producer != null) {
                    producer.flush();
                }
                drainResults();
                if (consumer != null) {
                    commit(true, partitions.keySet());
                    consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(10)));
                }
                if (producer != null) {
                    producer.close(Duration.ofSeconds(10));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("while stopping: {}", e.toString());
        } finally {
            if (watermarkPublisher != null) {
                watermarkPublisher.close();
            }
            try {
                if (es != null) {
                    es.close();
                }
            } catch (IOException e) {
                LOG.debug("closing the Elasticsearch client: {}", e.toString());
            }
            ready = false;
            LOG.info("indexer {}", crashing ? "stopped abruptly (nothing committed on the way out)" : "stopped");
        }
    }

    /** Runs inside poll() on the poll thread. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            if (crashing || revoked.isEmpty()) {
                return;
            }
            // Give what is in flight a moment to land, so the next owner reads less again.
            writer.flush();
            long deadline = System.nanoTime() + SETTLE_ON_REVOKE.toNanos();
            while (System.nanoTime() < deadline && revoked.stream().anyMatch(tp -> partitions.containsKey(tp) && partitions.get(tp).tracker.pending() > 0)) {
                drainResults();
                sleep(Duration.ofMillis(10));
            }
            drainResults();
            commit(true, revoked);
            forget(revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            // Someone else owns them already: committing would overwrite their progress.
            forget(lost);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            for (TopicPartition tp : assigned) {
                ExchangeJoiner joiner = tp.topic().equals(extraHopTopic) ? new ExchangeJoiner(tp.topic(), tp.partition(), joinSettings) : null;
                partitions.put(tp, new PartitionState(++generations, joiner));
            }
            // Nothing is read before its watermark document is claimed and its joiner restored.
            consumer.pause(assigned);
            paused.addAll(assigned);
            LOG.info("assigned {}", assigned);
        }

        private void forget(Collection<TopicPartition> gone) {
            for (TopicPartition tp : gone) {
                partitions.remove(tp);
                paused.remove(tp);
                metrics.forget(tp);
                watermarks.forget(tp);
            }
            scheduled.removeIf(s -> s.partition() != null && gone.contains(s.partition()));
        }
    }

    // ---------------------------------------------------------------------------------------------

    private Properties consumerProperties() {
        Properties p = new Properties();
        for (Map.Entry<String, String> e : config.kafka().properties().entrySet()) {
            if (ConsumerConfig.configNames().contains(e.getKey())) {
                p.put(e.getKey(), e.getValue());
            }
        }
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.kafka().groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // a new group must not skip what was accepted before it
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.kafka().maxPollRecords());
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "harbour-indexer");
        return p;
    }

    private Properties producerProperties() {
        Properties p = new Properties();
        for (Map.Entry<String, String> e : config.kafka().properties().entrySet()) {
            if (ProducerConfig.configNames().contains(e.getKey())) {
                p.put(e.getKey(), e.getValue());
            }
        }
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "harbour-indexer-dead-letters");
        return p;
    }

    /** An exception and its causes on one line: the root cause is usually the useful part. */
    private static String describe(Throwable e) {
        StringBuilder s = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            s.append(" <- ").append(c);
        }
        return s.toString();
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    private static long wallNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
