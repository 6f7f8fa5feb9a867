package io.harbour.cli;

import io.harbour.config.ConfigLoader;
import io.harbour.query.QueryApi;
import io.harbour.query.QueryApiConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the query API alone, against Elasticsearch and a realm file named by its configuration. */
@Command(name = "query-api", mixinStandardHelpOptions = true,
        description = "Run the HTTPS query API (config: query-api.yaml, overridden by HARBOUR_QUERY_* variables).")
final class QueryApiCommand implements Callable<Integer> {
    static final String ENV_PREFIX = "HARBOUR_QUERY_";

    @Option(names = "--config", description = "YAML configuration (default: $HARBOUR_QUERY_CONFIG, else ./query-api.yaml if present).")
    Path config;

    @Override
    public Integer call() throws Exception {
        QueryApiConfig qc = ConfigLoader.load(config != null ? config : Path.of("query-api.yaml"), QueryApiConfig.defaults(), ENV_PREFIX);
        try (QueryApi api = QueryApi.start(qc)) {
            Runtime.getRuntime().addShutdownHook(new Thread(api::close, "harbour-query-api-shutdown"));
            System.out.println("query API ready at " + api.uri() + ", Elasticsearch " + qc.elasticsearch().urls());
            new CountDownLatch(1).await();
        }
        return 0;
    }
}
