package io.harbour.stack;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka broker and one Elasticsearch node, started together (in parallel: the node takes the
 * longer) under one directory, and stopped together. A shutdown hook stops both when the JVM
 * exits normally or on Ctrl-C; the watchdogs of {@link ProcessGuard} cover a JVM killed outright.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private final KafkaBroker kafka;
    private final ElasticsearchNode elasticsearch;
    private final Thread shutdownHook;

    private LocalStack(KafkaBroker kafka, ElasticsearchNode elasticsearch) {
        this.kafka = kafka;
        this.elasticsearch = elasticsearch;
        this.shutdownHook = new Thread(this::stopBoth, "harbour-stack-shutdown");
    }

    /** Starts both servers under {@code dir} ({@code dir/kafka}, {@code dir/elasticsearch}). */
    public static LocalStack start(Path dir) {
        return start(dir, true);
    }

    /**
     * Starts the broker, and the node if {@code withElasticsearch}: modules whose tests need only
     * Kafka save the node's start-up (and its half gigabyte) on two shared cores.
     */
    public static LocalStack start(Path dir, boolean withElasticsearch) {
        Distributions dist = Distributions.fromBuild().checked();
        LocalStack stack = new LocalStack(new KafkaBroker(dist, dir.resolve("kafka")),
                withElasticsearch ? new ElasticsearchNode(dist, dir.resolve("elasticsearch")) : null);
        Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
        CompletableFuture<?> es = CompletableFuture.runAsync(() -> {
            if (stack.elasticsearch != null) {
                stack.elasticsearch.start();
            }
        });
        try {
            stack.kafka.start();
            es.join();
        } catch (RuntimeException e) {
            es.exceptionally(ignored -> null).join();
            stack.close();
            throw e instanceof CompletionException && e.getCause() instanceof RuntimeException re ? re : e;
        }
        return stack;
    }

    /**
     * Starts both on empty storage: what tests want, so that a second run sees nothing of the
     * first. Leftover servers of an earlier run in {@code dir} are stopped before it is wiped.
     */
    public static LocalStack startFresh(Path dir, boolean withElasticsearch) {
        Path kafkaDir = FileTrees.real(dir.resolve("kafka"));
        Path esDir = FileTrees.real(dir.resolve("elasticsearch"));
        ProcessGuard.stopLeftover(KafkaBroker.NAME, kafkaDir.resolve(KafkaBroker.PID_FILE), kafkaDir.toString());
        ProcessGuard.stopLeftover(ElasticsearchNode.NAME, esDir.resolve(ElasticsearchNode.PID_FILE), esDir.toString());
        FileTrees.delete(esDir);
        FileTrees.delete(dir);
        return start(dir, withElasticsearch);
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public ElasticsearchNode elasticsearch() {
        if (elasticsearch == null) {
            throw new IllegalStateException("this stack was started without Elasticsearch");
        }
        return elasticsearch;
    }

    @Override
    public void close() {
        stopBoth();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing left to remove
        }
    }

    private void stopBoth() {
        CompletableFuture<?> es = CompletableFuture.runAsync(() -> {
            if (elasticsearch != null) {
                elasticsearch.stop();
            }
        });
        try {
            kafka.stop();
        } finally {
            es.join();
        }
        LOG.info("local stack stopped");
    }
}
