package io.harbour.receiver.kafka;

import io.harbour.model.LogKind;
import io.harbour.receiver.IngestPublisher;
import io.harbour.receiver.IngestRecord;
import io.harbour.receiver.PublishException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka producer behind every 202. Memory is bounded upstream, by the HTTP side's in-flight
 * budget, and here by the producer's buffer. Each request's records go out together; the request's
 * future completes when the last of them is acknowledged by all in-sync replicas, or fails at the
 * first record Kafka refuses or the delivery deadline.
 *
 * <p>{@link #publish} sends on the caller's thread (the receiver's decode threads, or an event loop
 * for a small body): handing every request to one thread of its own cost a thread hop per request
 * and put all sends, with their record building and compression, on one core. {@code send()} may
 * block on metadata it lacks (at most {@code max.block.ms}), so an event loop calls it only when
 * {@link #publishesWithoutBlocking} says the topic's metadata is surely at hand.
 */
public final class KafkaIngestPublisher implements IngestPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaIngestPublisher.class);
    private static final long READY_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(6);
    /**
     * How recent an acknowledged send to a topic must be for the next send not to wait for its
     * metadata. The producer forgets a topic after {@code metadata.max.idle.ms} without a send to
     * it, which Kafka allows no lower than 5 s (default 5 min): under 5 s whatever the properties say.
     */
    private static final long METADATA_KNOWN_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(4);

    private final KafkaPublisherSettings settings;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ScheduledExecutorService prober;
    private final Admin admin;
    private final KafkaClientMetrics producerMetrics;
    private volatile long lastHealthyNanos = System.nanoTime() - READY_WINDOW_NANOS;
    /** Per kind (by ordinal): when the latest request whose records Kafka all acknowledged was sent. */
    private final AtomicLongArray acknowledgedSendNanos = new AtomicLongArray(LogKind.values().length);

    public KafkaIngestPublisher(KafkaPublisherSettings settings, MeterRegistry registry) {
        this.settings = settings;
        this.producer = new KafkaProducer<>(producerConfig(settings), new ByteArraySerializer(), new ByteArraySerializer());
        long never = System.nanoTime() - 2 * METADATA_KNOWN_WINDOW_NANOS;
        for (int i = 0; i < acknowledgedSendNanos.length(); i++) {
            acknowledgedSendNanos.set(i, never);
        }
        this.prober = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "harbour-kafka-probe"));
        Map<String, Object> adminConf = new HashMap<>(settings.properties());
        adminConf.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        adminConf.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        adminConf.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        this.admin = Admin.create(adminConf);
        this.producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(registry);
        prober.scheduleWithFixedDelay(this::probe, 0, 2, TimeUnit.SECONDS);
    }

    /** The producer's properties; public so that benchmarks run Kafka's own tools with the very same settings. */
    public static Map<String, Object> producerConfig(KafkaPublisherSettings s) {
        Map<String, Object> p = new HashMap<>(s.properties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, s.maxInFlight());
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, s.compression());
        p.put(ProducerConfig.LINGER_MS_CONFIG, s.lingerMs());
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, s.batchBytes());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, s.deliveryTimeoutMs());
        // request.timeout + linger must fit inside the delivery timeout, or the producer refuses to start.
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(500, s.deliveryTimeoutMs() / 2 - s.lingerMs()));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, s.bufferMemoryBytes());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(5000, s.deliveryTimeoutMs()));
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "harbour-receiver");
        return p;
    }

    /**
     * Sends on the calling thread, which must not be an event loop unless {@link #publishesWithoutBlocking}
     * said so (see the class comment).
     */
    @Override
    public CompletableFuture<Void> publish(List<IngestRecord> records) {
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        // No timer here: the producer fails every record by delivery.timeout.ms, and the HTTP side
        // keeps its own deadline (publish_timeout) over this future, so one timer per request is enough.
        CompletableFuture<Void> done = new CompletableFuture<>();
        sendAll(records, done);
        return done;
    }

    /**
     * True when this kind's topic had a request acknowledged that was sent within the last 4 s: the
     * producer still has the topic's metadata, so {@code send()} will not wait for it. It could
     * still wait for buffer memory, which the HTTP side's in-flight budget keeps from running out
     * (see {@link KafkaPublisherSettings#bufferMemoryBytes()}). False after a start, an idle spell
     * or 4 s of Kafka not acknowledging: then the receiver publishes from its decode threads.
     */
    @Override
    public boolean publishesWithoutBlocking(LogKind kind) {
        return System.nanoTime() - acknowledgedSendNanos.get(kind.ordinal()) < METADATA_KNOWN_WINDOW_NANOS;
    }

    private void sendAll(List<IngestRecord> records, CompletableFuture<Void> done) {
        long sentNanos = System.nanoTime();
        int kinds = 0;
        for (IngestRecord r : records) {
            kinds |= 1 << r.kind().ordinal();
        }
        int sentKinds = kinds;
        AtomicInteger remaining = new AtomicInteger(records.size());
        Callback callback = (metadata, failure) -> {
            if (failure != null) {
                if (!done.isDone()) {
                    // The first failure decides; the request's other records fail the same way.
                    done.completeExceptionally(asPublishException(failure));
                }
            } else if (remaining.decrementAndGet() == 0) {
                // Once per request, not per record: this runs on the producer's one network thread.
                lastHealthyNanos = System.nanoTime();
                acknowledged(sentKinds, sentNanos);
                done.complete(null);
            }
        };
        // The records of one request share their sender's headers: encode them once. ProducerRecord
        // copies the list it is given (a plain list copy when it is a RecordHeaders).
        IngestRecord headersOf = null;
        RecordHeaders headers = null;
        for (IngestRecord r : records) {
            if (done.isDone()) {
                return;
            }
            try {
                if (headers == null || !sameHeaders(headersOf, r)) {
                    headers = headers(r);
                    headersOf = r;
                }
                producer.send(new ProducerRecord<>(settings.topic(r.kind()), null, null, r.key(), r.body(), headers), callback);
            } catch (RuntimeException e) {
                done.completeExceptionally(asPublishException(e));
                return;
            }
        }
    }

    private void acknowledged(int kinds, long sentNanos) {
        for (int k = 0; kinds != 0; k++, kinds >>>= 1) {
            if ((kinds & 1) != 0) {
                // The latest send wins; acknowledgements of different partitions come in any order.
                acknowledgedSendNanos.accumulateAndGet(k, sentNanos, (was, now) -> now - was > 0 ? now : was);
            }
        }
    }

    private static boolean sameHeaders(IngestRecord a, IngestRecord b) {
        return a.kind() == b.kind()
                && a.receivedAtNanos() == b.receivedAtNanos()
                && Objects.equals(a.realm(), b.realm())
                && Objects.equals(a.senderAddress(), b.senderAddress())
                && Objects.equals(a.identity(), b.identity())
                && Objects.equals(a.receiptId(), b.receiptId());
    }

    /** The record headers of {@code r}; public so that the benchmark measures the very headers the receiver writes. */
    public static RecordHeaders headers(IngestRecord r) {
        return new RecordHeaders(new Header[] {
            header(io.harbour.model.RecordHeaders.REALM, r.realm()),
            header(io.harbour.model.RecordHeaders.RECEIVED_AT_NANOS, Long.toString(r.receivedAtNanos())),
            header(io.harbour.model.RecordHeaders.SENDER_ADDRESS, r.senderAddress()),
            header(io.harbour.model.RecordHeaders.SENDER_IDENTITY, r.identity()),
            header(io.harbour.model.RecordHeaders.KIND, r.kind().wireName()),
            header(io.harbour.model.RecordHeaders.RECEIPT_ID, r.receiptId()),
        });
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
    }

    private PublishException asPublishException(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof PublishException p) {
            return p;
        }
        if (cause instanceof BufferExhaustedException) {
            return new PublishException(PublishException.Reason.BUSY, retryAfter(), "the producer's buffer is full", cause);
        }
        String what = cause instanceof TimeoutException ? "no acknowledgement from Kafka within the deadline" : "Kafka did not acknowledge: " + cause;
        return new PublishException(PublishException.Reason.UNAVAILABLE, retryAfter(), what, cause);
    }

    private Duration retryAfter() {
        return Duration.ofSeconds(settings.retryAfterSeconds());
    }

    @Override
    public boolean ready() {
        return System.nanoTime() - lastHealthyNanos < READY_WINDOW_NANOS;
    }

    private void probe() {
        try {
            if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                lastHealthyNanos = System.nanoTime();
            }
        } catch (Exception unavailable) {
            // ready() turns false once the window passes without an answer
        } 
    }

    /** Flushes what is in flight (their senders are waiting), then closes. */
    @Override
    public void close() {
        prober.shutdownNow();
        producer.close(Duration.ofSeconds(30));
        producerMetrics.close();
        admin.close(Duration.ofSeconds(5));
        LOG.info("Kafka publisher closed");
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
