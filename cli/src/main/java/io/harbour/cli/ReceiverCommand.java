package io.harbour.cli;

import io.harbour.config.ConfigLoader;
import io.harbour.receiver.Receiver;
import io.harbour.receiver.ReceiverConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the receiver alone, against Kafka and a realm file named by its configuration. */
@Command(name = "receiver", mixinStandardHelpOptions = true,
        description = "Run the HTTPS receiver (config: receiver.yaml, overridden by HARBOUR_RECEIVER_* variables).")
final class ReceiverCommand implements Callable<Integer> {
    static final String ENV_PREFIX = "HARBOUR_RECEIVER_";

    @Option(names = "--config", description = "YAML configuration (default: $HARBOUR_RECEIVER_CONFIG, else ./receiver.yaml if present).")
    Path config;

    @Override
    public Integer call() throws Exception {
        ReceiverConfig rc = ConfigLoader.load(config != null ? config : Path.of("receiver.yaml"), ReceiverConfig.defaults(), ENV_PREFIX);
        try (Receiver receiver = Receiver.start(rc)) {
            Runtime.getRuntime().addShutdownHook(new Thread(receiver::close, "harbour-receiver-shutdown"));
            System.out.println("receiver ready at " + receiver.uri());
            new CountDownLatch(1).await();
        }
        return 0;
    }
}
