package io.harbour.cli;

import io.harbour.certs.CertificateAuthority;
import io.harbour.certs.CertificateDirectory;
import io.harbour.config.ConfigLoader;
import io.harbour.indexer.Indexer;
import io.harbour.indexer.IndexerConfig;
import io.harbour.query.QueryApi;
import io.harbour.query.QueryApiConfig;
import io.harbour.query.http.QueryHttpSettings;
import io.harbour.receiver.Receiver;
import io.harbour.receiver.ReceiverConfig;
import io.harbour.receiver.http.ReceiverHttpSettings;
import io.harbour.receiver.kafka.KafkaPublisherSettings;
import io.harbour.stack.FreePorts;
import io.harbour.stack.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a whole local Harbour until Ctrl-C: development certificates and a development realm on
 * first run, then a real Kafka broker and Elasticsearch node through the stack module, then the
 * services (the receiver and the indexer so far). On Ctrl-C the
 * shutdown hooks stop every process it started and remove the state file.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start Kafka, Elasticsearch and the Harbour services locally; Ctrl-C stops everything.")
final class UpCommand implements Callable<Integer> {
    static final String CA_SUBJECT = "CN=Harbour development CA,O=Harbour";
    static final String SERVER_NAME = "server";
    /** Seed 000's example request log, as a sensor sends it. */
    static final String EXTRAHOP_EXAMPLE = "{\"sequence\": 302, \"request\": {\"Method\": \"POST\", \"Host\": \"appliance.example.extrahop.com\", "
            + "\"RemoteAddr\": \"127.0.0.1:1234\", \"RequestURI\": \"/api/v1/metrics\", \"TLSVersion\": \"TLS1.2\", \"Proto\": \"HTTP/1.1\", "
            + "\"ContentLength\": 149, \"TransferEncoding\": null, \"Header\": {\"Accept\": [\"application/json\"], \"Content-Length\": [\"149\"], "
            + "\"Content-Type\": [\"application/json\"]}, \"Close\": false, \"Trailer\": null}, \"request_body\": {\"metric_category\": \"net\", "
            + "\"from\": -1, \"object_type\": \"capture\", \"object_ids\": [0], \"until\": 0, \"metric_specs\": [{\"name\": \"pkts\"}], \"cycle\": \"30sec\"}}";

    static final String LIST_APPS = "/api/v1/logharbour/getapps";

    @Option(names = "--state-dir", description = "Where certificates, data, logs and harbour-up.json go (default: $HARBOUR_STATE_DIR or ./state).")
    Path stateDirOption;

    @Override
    public Integer call() throws Exception {
        Instant began = Instant.now();
        StateDir state = StateDir.of(stateDirOption);
        Files.createDirectories(state.root());
        Files.deleteIfExists(state.upFile());
        Path caFile = ensureDevelopmentCertificates(state);

        String writeKey = DevelopmentRealm.writeKey(state);
        String queryToken = DevelopmentRealm.queryToken(state);

        System.out.println("starting Kafka and Elasticsearch under " + state.stack() + " ...");
        LocalStack stack = LocalStack.start(state.stack());
        Receiver receiver = Receiver.start(receiverConfig(state, stack));
        IndexerConfig indexerConfig = indexerConfig(state, stack);
        Indexer indexer = Indexer.builder(indexerConfig).build().start();
        QueryApi queryApi = QueryApi.start(queryApiConfig(state, stack));
        // Services stop before the stack they use; hooks run in no set order, so one hook does all in turn.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            receiver.close();
            queryApi.close();
            indexer.close();
            stack.close();
            try {
                Files.deleteIfExists(state.upFile());
            } catch (IOException ignored) {
                // nothing more to do on the way out
            }
        }, "harbour-up-shutdown"));

        Map<String, String> services = new LinkedHashMap<>();
        services.put("receiver", receiver.uri().toString());
        services.put("indexer", "consumer group " + indexerConfig.kafka().groupId());
        indexer.httpAddress().ifPresent(a -> services.put("indexer_http", "http://" + a.getHostString() + ":" + a.getPort()));
        services.put("query_api", queryApi.uri().toString());
        UpState up = new UpState(ProcessHandle.current().pid(), began.toString(), state.root().toString(),
                stack.kafka().bootstrapServers(), stack.elasticsearch().httpUri().toString(),
                caFile.toString(), services, writeKey, queryToken, DevelopmentRealm.queryTokenFile(state).toString());
        up.write(state.upFile());
        printBanner(up, state, Duration.between(began, Instant.now()));
        new CountDownLatch(1).await();
        return 0;
    }

    /**
     * The receiver on loopback, port 8443 when free, with the development certificates and realm
     * file; {@code <state>/receiver.yaml} and HARBOUR_RECEIVER_* variables may change any of it.
     */
    private static ReceiverConfig receiverConfig(StateDir state, LocalStack stack) {
        CertificateDirectory certs = CertificateDirectory.at(state.certs());
        int port = FreePorts.isFree(8443) ? 8443 : FreePorts.pick();
        KafkaPublisherSettings kafka = KafkaPublisherSettings.defaults(stack.kafka().bootstrapServers());
        ReceiverConfig dev = new ReceiverConfig(ReceiverHttpSettings.defaults().toBuilder().host("127.0.0.1").port(port).build(),
                new ReceiverConfig.Tls(certs.chain(SERVER_NAME).toString(), certs.privateKey(SERVER_NAME).toString(), "optional",
                        certs.certificate(CertificateDirectory.CA).toString(), 10),
                state.realmsFile().toString(), kafka);
        return ConfigLoader.load(state.root().resolve("receiver.yaml"), dev, ReceiverCommand.ENV_PREFIX);
    }

    /**
     * The indexer against the local broker and node, its operational server on a free loopback
     * port (in harbour-up.json as services.indexer_http); {@code <state>/indexer.yaml} and
     * HARBOUR_INDEXER_* variables may change any of it (the variables win over the local addresses).
     */
    private static IndexerConfig indexerConfig(StateDir state, LocalStack stack) {
        Map<String, String> env = new HashMap<>(Map.of(
                IndexerCommand.ENV_PREFIX + "KAFKA_BOOTSTRAP_SERVERS", stack.kafka().bootstrapServers(),
                IndexerCommand.ENV_PREFIX + "ELASTICSEARCH_URLS", stack.elasticsearch().httpUri().toString()));
        env.putAll(System.getenv());
        Path file = state.root().resolve("indexer.yaml");
        IndexerConfig dev = IndexerConfig.defaults().withHttp(IndexerConfig.Http.on("127.0.0.1", 0));
        return ConfigLoader.load(Files.exists(file) ? file : null, dev, IndexerCommand.ENV_PREFIX, env);
    }

    /**
     * The query API on loopback, port 8090 (where the LogHarbour UI looks) when free, with the
     * development certificates and realm file, the local node, and CORS for the UI's development
     * server (http://localhost:4200); {@code <state>/query-api.yaml} and HARBOUR_QUERY_* variables
     * may change any of it.
     */
    private static QueryApiConfig queryApiConfig(StateDir state, LocalStack stack) {
        CertificateDirectory certs = CertificateDirectory.at(state.certs());
        int port = FreePorts.isFree(8090) ? 8090 : FreePorts.pick();
        QueryApiConfig defaults = QueryApiConfig.defaults();
        QueryApiConfig dev = new QueryApiConfig(QueryHttpSettings.defaults().withHostAndPort("127.0.0.1", port),
                new QueryApiConfig.Tls(certs.chain(SERVER_NAME).toString(), certs.privateKey(SERVER_NAME).toString(), 10),
                state.realmsFile().toString(), defaults.elasticsearch().withUrls(java.util.List.of(stack.elasticsearch().httpUri().toString())),
                defaults.limits(), defaults.geoip(), new QueryApiConfig.Cors(java.util.List.of("http://localhost:4200")));
        return ConfigLoader.load(state.root().resolve("query-api.yaml"), dev, QueryApiCommand.ENV_PREFIX);
    }

    /** The curl that lists the development realm's apps: the query API's smallest useful call. */
    static String listAppsCurl(UpState up) {
        return "curl --cacert " + up.caFile() + " -H 'Authorization: Bearer " + up.queryToken() + "' \\\n       "
                + up.services().get("query_api") + LIST_APPS;
    }

    /** A development CA and a server certificate for localhost, made once and kept. */
    private static Path ensureDevelopmentCertificates(StateDir state) throws IOException {
        CertificateDirectory certs = CertificateDirectory.at(state.certs());
        if (!Files.exists(certs.certificate(SERVER_NAME))) {
            Files.createDirectories(state.certs());
            CertificateAuthority ca = certs.loadOrCreateCa(CA_SUBJECT);
            certs.write(SERVER_NAME, ca.issueServer("localhost", "localhost", "127.0.0.1", "::1"), null);
            System.out.println("created development certificates in " + state.certs());
        }
        return certs.certificate(CertificateDirectory.CA);
    }

    private static void printBanner(UpState up, StateDir state, Duration took) {
        String es = up.elasticsearchUrl();
        System.out.println();
        System.out.println("Harbour is ready (" + took.toSeconds() + " s)");
        System.out.println("  Kafka            " + up.kafkaBootstrapServers());
        System.out.println("  Elasticsearch    " + es);
        System.out.println("  CA file          " + up.caFile());
        System.out.println("  receiver         " + up.services().get("receiver"));
        System.out.println("  indexer          " + up.services().get("indexer") + " -> " + es);
        if (up.services().containsKey("indexer_http")) {
            System.out.println("  indexer health   " + up.services().get("indexer_http") + "/readyz, /metrics");
        }
        System.out.println("  query API        " + up.services().get("query_api"));
        System.out.println("  write key        " + up.writeKey() + "   (realm \"" + DevelopmentRealm.NAME + "\")");
        System.out.println("  query token      " + up.queryToken() + "   (realm \"" + DevelopmentRealm.NAME + "\", every app and class; "
                + up.queryTokenFile() + ")");
        System.out.println("  state file       " + state.upFile());
        System.out.println("  logs             " + state.stack().resolve("kafka/broker.log") + ", " + state.stack().resolve("elasticsearch/logs"));
        System.out.println();
        System.out.println("Try, in another terminal: post seed 000's example ExtraHop request log");
        System.out.println("  curl --cacert " + up.caFile() + " -H 'Authorization: ExtraHop apikey=" + up.writeKey() + "' \\");
        System.out.println("       -H 'Content-Type: application/json' --data '" + EXTRAHOP_EXAMPLE + "' \\");
        System.out.println("       " + up.services().get("receiver") + "/log");
        System.out.println("List the development realm's apps through the query API:");
        System.out.println("  " + listAppsCurl(up));
        System.out.println("  ./harbour doctor");
        System.out.println("  curl -s '" + es + "/_cluster/health?pretty'");
        System.out.println();
        System.out.println("Ctrl-C stops everything.");
    }
}
