package io.harbour.cli;

import io.harbour.config.ConfigLoader;
import io.harbour.indexer.Indexer;
import io.harbour.indexer.IndexerConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the indexer alone: Kafka to Elasticsearch, as one member of its consumer group, with its
 * operational server ({@code /healthz}, {@code /readyz}, {@code /metrics}) when {@code http.enabled}.
 * After SIGTERM it flushes, commits and exits with the JVM's status for that signal, 143 (128 + 15;
 * faults' GracefulStopIT), which engines read as a requested stop; {@value #EXIT_GAVE_UP} when the indexer stopped by
 * itself ({@link Indexer#failure()}), so that a container engine's restart policy acts.
 */
@Command(name = "indexer", mixinStandardHelpOptions = true,
        description = "Run the indexer (config: indexer.yaml, overridden by HARBOUR_INDEXER_* variables).")
final class IndexerCommand implements Callable<Integer> {
    static final String ENV_PREFIX = "HARBOUR_INDEXER_";
    static final int EXIT_GAVE_UP = 2;

    @Option(names = "--config", description = "YAML configuration (default: $HARBOUR_INDEXER_CONFIG, else ./indexer.yaml if present).")
    Path config;

    @Override
    public Integer call() throws Exception {
        IndexerConfig ic = ConfigLoader.load(config != null ? config : Path.of("indexer.yaml"), IndexerConfig.defaults(), ENV_PREFIX);
        try (Indexer indexer = Indexer.builder(ic).build().start()) {
            Runtime.getRuntime().addShutdownHook(new Thread(indexer::close, "harbour-indexer-shutdown"));
            System.out.println("indexer running: group " + ic.kafka().groupId() + ", Elasticsearch " + ic.elasticsearch().urls()
                    + indexer.httpAddress().map(a -> ", http://" + a.getHostString() + ":" + a.getPort() + " (/healthz /readyz /metrics)").orElse(""));
            return awaitEnd(indexer);
        }
    }

    /** Waits while the poll thread runs; the exit code says whether it stopped by itself. */
    static int awaitEnd(Indexer indexer) throws InterruptedException {
        while (indexer.isRunning()) {
            Thread.sleep(500);
        }
        Throwable failure = indexer.failure();
        if (failure == null) {
            return 0;
        }
        System.err.println("indexer gave up: " + failure + (failure.getCause() != null ? " (caused by " + failure.getCause() + ")" : "")
                + "; exiting " + EXIT_GAVE_UP + " so that the restart policy starts a fresh one");
        return EXIT_GAVE_UP;
    }
}
