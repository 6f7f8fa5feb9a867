package io.harbour.cli;

import io.harbour.certs.CertificateAuthority;
import io.harbour.certs.CertificateDirectory;
import io.harbour.stack.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a whole local Harbour until Ctrl-C: development certificates on first run, then a real
 * Kafka broker and Elasticsearch node through the stack module, then the services. On Ctrl-C the
 * shutdown hooks stop every process it started and remove the state file.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start Kafka, Elasticsearch and the Harbour services locally; Ctrl-C stops everything.")
final class UpCommand implements Callable<Integer> {
    static final String CA_SUBJECT = "CN=Harbour development CA,O=Harbour";
    static final String SERVER_NAME = "server";

    @Option(names = "--state-dir", description = "Where certificates, data, logs and harbour-up.json go (default: $HARBOUR_STATE_DIR or ./state).")
    Path stateDirOption;

    @Override
    public Integer call() throws Exception {
        Instant began = Instant.now();
        StateDir state = StateDir.of(stateDirOption);
        Files.createDirectories(state.root());
        Files.deleteIfExists(state.upFile());
        Path caFile = ensureDevelopmentCertificates(state);

        System.out.println("starting Kafka and Elasticsearch under " + state.stack() + " ...");
        LocalStack stack = LocalStack.start(state.stack());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(state.upFile());
            } catch (IOException ignored) {
                // nothing more to do on the way out
            }
        }, "harbour-up-state"));

        Map<String, String> services = new LinkedHashMap<>();
        UpState up = new UpState(ProcessHandle.current().pid(), began.toString(), state.root().toString(),
                stack.kafka().bootstrapServers(), stack.elasticsearch().httpUri().toString(),
                caFile.toString(), services, null, null);
        up.write(state.upFile());
        printBanner(up, state, Duration.between(began, Instant.now()));
        new CountDownLatch(1).await();
        return 0;
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
        System.out.println("  receiver         not part of this build yet");
        System.out.println("  indexer          not part of this build yet");
        System.out.println("  query API        not part of this build yet");
        System.out.println("  state file       " + state.upFile());
        System.out.println("  logs             " + state.stack().resolve("kafka/broker.log") + ", " + state.stack().resolve("elasticsearch/logs"));
        System.out.println();
        System.out.println("Try, in another terminal:");
        System.out.println("  ./harbour doctor");
        System.out.println("  curl -s '" + es + "/_cluster/health?pretty'");
        System.out.println();
        System.out.println("Ctrl-C stops everything.");
    }
}
