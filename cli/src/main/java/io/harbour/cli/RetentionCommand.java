package io.harbour.cli;

import io.harbour.config.ConfigLoader;
import io.harbour.indexer.Indexer;
import io.harbour.indexer.IndexerConfig;
import io.harbour.layout.IndexName;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Deletes the daily indices past each realm's retention, or lists them with --dry-run. */
@Command(name = "retention", mixinStandardHelpOptions = true,
        description = "Delete daily indices older than each realm's retention (indexer.yaml: retention.*); --dry-run lists them.")
final class RetentionCommand implements Callable<Integer> {

    @Option(names = "--config", description = "The indexer's YAML configuration (default: $HARBOUR_INDEXER_CONFIG, else ./indexer.yaml if present).")
    Path config;

    @Option(names = "--dry-run", description = "List what would be deleted; delete nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        IndexerConfig ic = ConfigLoader.load(config != null ? config : Path.of("indexer.yaml"), IndexerConfig.defaults(), IndexerCommand.ENV_PREFIX);
        try (Indexer indexer = Indexer.builder(ic).build()) {
            List<IndexName> expired = dryRun ? indexer.retention().dryRun(Instant.now()) : indexer.retention().run(Instant.now());
            for (IndexName name : expired) {
                System.out.println((dryRun ? "would delete " : "deleted ") + name);
            }
            System.out.println(expired.size() + " index(es) " + (dryRun ? "past retention (dry run: nothing deleted)" : "deleted"));
        }
        return 0;
    }
}
