package io.harbour.indexer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * The indexer's meters. Rates (records/s) are the counters' rates, as Prometheus computes them.
 * Gauges read values the poll thread stores, never the consumer itself, which is not thread-safe.
 */
final class IndexerMetrics {
    final Counter recordsRead;
    final Counter recordsStored;
    final Counter recordsDeadLettered;
    final Counter documentsStored;
    final Counter retries;
    final Counter deadLettersMalformed;
    final Counter deadLettersRejected;
    final Counter orphaned;
    final Timer bulkLatency;
    private final MeterRegistry registry;
    private final Map<TopicPartition, AtomicLong> lags = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Gauge> lagGauges = new ConcurrentHashMap<>();
    private final AtomicLong inFlightRecords = new AtomicLong();
    private final AtomicLong retryQueue = new AtomicLong();
    private final AtomicLong pendingHalves = new AtomicLong();
    /** The oldest watermark in the last write that reached Elasticsearch, epoch millis; Long.MIN_VALUE when none. */
    private final AtomicLong oldestWatermarkMillis = new AtomicLong(Long.MIN_VALUE);
    private final Clock clock;

    IndexerMetrics(MeterRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    IndexerMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        recordsRead = Counter.builder("harbour.indexer.records.read").description("records read from the ingest topics").register(registry);
        recordsStored = Counter.builder("harbour.indexer.records.done").tag("outcome", "stored")
                .description("records finished: every document stored").register(registry);
        recordsDeadLettered = Counter.builder("harbour.indexer.records.done").tag("outcome", "dead_lettered")
                .description("records finished: parked in the dead-letter topic").register(registry);
        documentsStored = Counter.builder("harbour.indexer.documents.stored").description("bulk items stored (replays included)").register(registry);
        retries = Counter.builder("harbour.indexer.retries").description("bulk items and index creations retried").register(registry);
        deadLettersMalformed = Counter.builder("harbour.indexer.dead_letters").tag("class", "malformed")
                .description("records dead-lettered because they cannot become documents").register(registry);
        deadLettersRejected = Counter.builder("harbour.indexer.dead_letters").tag("class", "rejected")
                .description("records dead-lettered because Elasticsearch refused a document").register(registry);
        orphaned = Counter.builder("harbour.indexer.exchange.orphaned")
                .description("ExtraHop halves whose partner never came within the join window").register(registry);
        Gauge.builder("harbour.indexer.exchange.pending", pendingHalves, AtomicLong::get)
                .description("ExtraHop halves waiting for their partner").register(registry);
        bulkLatency = Timer.builder("harbour.indexer.bulk.latency").description("time from sending a bulk request to its answer")
                .publishPercentiles(0.5, 0.99).register(registry);
        Gauge.builder("harbour.indexer.records.in_flight", inFlightRecords, AtomicLong::get)
                .description("records read and not yet stored or dead-lettered").register(registry);
        Gauge.builder("harbour.indexer.retry.queue", retryQueue, AtomicLong::get)
                .description("operations waiting for their next attempt").register(registry);
        // One gauge, not one per realm: watermarks are per partition and a realm's is the minimum over
        // all partitions (io.harbour.layout.Watermarks), so every realm would show the same number.
        Gauge.builder("harbour.indexer.watermark.age", this, IndexerMetrics::watermarkAgeSeconds).baseUnit("seconds")
                .description("seconds between now and the oldest partition watermark this indexer last wrote (NaN before the first)")
                .register(registry);
    }

    /** The watermarks of one write Elasticsearch accepted; an empty write means this indexer vouches for nothing now. */
    void watermarksWritten(Collection<Instant> watermarks) {
        oldestWatermarkMillis.set(watermarks.stream().mapToLong(Instant::toEpochMilli).min().orElse(Long.MIN_VALUE));
    }

    double watermarkAgeSeconds() {
        long oldest = oldestWatermarkMillis.get();
        return oldest == Long.MIN_VALUE ? Double.NaN : (clock.millis() - oldest) / 1000.0;
    }

    void pendingHalves(long count) {
        pendingHalves.set(count);
    }

    void lag(TopicPartition tp, long lag) {
        lags.computeIfAbsent(tp, key -> {
            AtomicLong value = new AtomicLong();
            lagGauges.put(key, Gauge.builder("harbour.indexer.lag", value, AtomicLong::get)
                    .tags(Tags.of("topic", key.topic(), "partition", Integer.toString(key.partition())))
                    .description("records in the partition not yet read").register(registry));
            return value;
        }).set(lag);
    }

    /** A partition went elsewhere: its lag is another indexer's to report. */
    void forget(TopicPartition tp) {
        lags.remove(tp);
        Gauge g = lagGauges.remove(tp);
        if (g != null) {
            registry.remove(g);
        }
    }

    void inFlight(long records, long retrying) {
        inFlightRecords.set(records);
        retryQueue.set(retrying);
    }
}
