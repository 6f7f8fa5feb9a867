package io.harbour.cli;

import io.harbour.config.ConfigLoader;
import io.harbour.indexer.Indexer;
import io.harbour.indexer.IndexerConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the indexer alone: Kafka to Elasticsearch, as one member of its consumer group. */
@Command(name = "indexer", mixinStandardHelpOptions = true,
        description = "Run the indexer (config: indexer.yaml, overridden by HARBOUR_INDEXER_* variables).")
final class IndexerCommand implements Callable<Integer> {
    static final String ENV_PREFIX = "HARBOUR_INDEXER_";

    @Option(names = "--config", description = "YAML configuration (default: $HARBOUR_INDEXER_CONFIG, else ./indexer.yaml if present).")
    Path config;

    @Override
    public Integer call() throws Exception {
        IndexerConfig ic = ConfigLoader.load(config != null ? config : Path.of("indexer.yaml"), IndexerConfig.defaults(), ENV_PREFIX);
        try (Indexer indexer = Indexer.builder(ic).build().start()) {
            Runtime.getRuntime().addShutdownHook(new Thread(indexer::close, "harbour-indexer-shutdown"));
            System.out.println("indexer running: group " + ic.kafka().groupId() + ", Elasticsearch " + ic.elasticsearch().urls());
            new CountDownLatch(1).await();
        }
        return 0;
    }
}
