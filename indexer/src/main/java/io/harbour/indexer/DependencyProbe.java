package io.harbour.indexer;

import io.harbour.elastic.ElasticsearchConnection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * Asks Elasticsearch (cluster health, green or yellow) and Kafka (the cluster id) whether they answer, on its own
 * daemon thread, so that {@code /readyz} can say "both answered recently" without touching the
 * poll thread or the consumer (which is not thread-safe) and without waiting on either server
 * inside a health check. The pipeline itself does not depend on it: an outage is still a pause.
 */
final class DependencyProbe implements AutoCloseable {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    /** One server's last answer (System.nanoTime) and the last failure since then, or null. */
    private static final class Server {
        volatile long answeredAtNanos;
        volatile String lastFailure;

        Server(long now) {
            answeredAtNanos = now; // "not yet" counts from the start, so a server that never answers is noticed
        }

        void answered(long now) {
            answeredAtNanos = now;
            lastFailure = null;
        }
    }

    interface Check {
        void run() throws Exception;
    }

    private final LongSupplier nanoTime;
    private final Server elasticsearch;
    private final Server kafka;
    private final ScheduledExecutorService timer;
    private final Admin admin;

    /** Probes both servers every {@code interval} (the first at once) until closed. */
    static DependencyProbe start(ElasticsearchConnection es, IndexerConfig.Kafka kafkaConfig, Duration interval) {
        Admin admin = Admin.create(KafkaClientProperties.admin(kafkaConfig));
        long timeoutMs = Math.max(1000, interval.toMillis());
        DependencyProbe probe = new DependencyProbe(System::nanoTime, admin, true);
        // Two threads: a server that hangs (up to its request timeout) must not silence the other's probe.
        probe.timer.scheduleWithFixedDelay(() -> probe.check(probe.elasticsearch, () -> {
            String health = es.clusterHealth();
            if (!ElasticsearchConnection.serves(health)) {
                throw new IllegalStateException("cluster health " + health);
            }
        }), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        probe.timer.scheduleWithFixedDelay(() -> probe.check(probe.kafka,
                () -> admin.describeCluster().clusterId().get(timeoutMs, TimeUnit.MILLISECONDS)), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return probe;
    }

    /** For tests: nothing is scheduled; {@link #check} is called by hand. */
    DependencyProbe(LongSupplier nanoTime, Admin admin, boolean scheduled) {
        this.nanoTime = nanoTime;
        this.admin = admin;
        long now = nanoTime.getAsLong();
        this.elasticsearch = new Server(now);
        this.kafka = new Server(now);
        this.timer = scheduled ? Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "harbour-probe");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    void checkElasticsearch(Check check) {
        check(elasticsearch, check);
    }

    void checkKafka(Check check) {
        check(kafka, check);
    }

    private void check(Server server, Check check) {
        try {
            check.run();
            server.answered(nanoTime.getAsLong());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            server.lastFailure = Causes.describe(e);
        }
    }

    /** Why the servers cannot be trusted to answer now, or empty when both answered within {@code maxSilence}. */
    Optional<String> problem(Duration maxSilence) {
        long now = nanoTime.getAsLong();
        StringBuilder why = new StringBuilder();
        describe(why, "Elasticsearch", elasticsearch, now, maxSilence);
        describe(why, "Kafka", kafka, now, maxSilence);
        return why.length() == 0 ? Optional.empty() : Optional.of(why.toString());
    }

    private static void describe(StringBuilder why, String name, Server s, long now, Duration maxSilence) {
        long silentNanos = now - s.answeredAtNanos;
        if (silentNanos > maxSilence.toNanos()) {
            if (why.length() > 0) {
                why.append("; ");
            }
            why.append(name).append(" has not answered for ").append(TimeUnit.NANOSECONDS.toSeconds(silentNanos)).append(" s");
            String failure = s.lastFailure;
            if (failure != null) {
                why.append(" (").append(failure).append(')');
            }
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
