package io.harbour.stack;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up failures say what failed and show the tail of that server's log. */
class StartFailureIT {
    private final Distributions real = Distributions.fromBuild().checked();

    @Test
    void busyPortIsNamedInTheFailure(@TempDir Path dir) throws Exception {
        KafkaBroker broker = new KafkaBroker(real, dir.resolve("kafka"));
        int port = Integer.parseInt(broker.bootstrapServers().substring("127.0.0.1:".length()));
        try (ServerSocket squatter = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            StackStartException e = assertThrows(StackStartException.class, broker::start);
            assertTrue(e.getMessage().startsWith("Kafka broker failed to start: port busy: 127.0.0.1:" + port), e.getMessage());
        }
    }

    @Test
    void brokerThatCannotStartShowsItsLogTail(@TempDir Path dir) throws Exception {
        Path libs = Files.createDirectories(dir.resolve("libs"));
        Files.writeString(libs.resolve("kafka_2.13-" + real.kafkaVersion() + ".jar"), "not a jar");
        Distributions broken = new Distributions(libs, real.kafkaVersion(), real.elasticsearchHome(), real.elasticsearchVersion());
        StackStartException e = assertThrows(StackStartException.class, () -> new KafkaBroker(broken, dir.resolve("kafka")).start());
        assertTrue(e.getMessage().contains("storage format exited with code"), e.getMessage());
        assertTrue(e.getMessage().contains("--- last lines of"), e.getMessage());
        assertTrue(e.getMessage().contains("kafka.tools.StorageTool"), e.getMessage());
    }

    @Test
    void nodeWhoseProcessExitsReportsTheCodeAndItsOutput() throws Exception {
        // Under /tmp, not @TempDir: as root the node's account must be able to read the fake home.
        Path home = Files.createTempDirectory(Path.of("/tmp"), "fake-es");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(home.resolve("config/jvm.options.d"));
        Files.createDirectories(home.resolve("lib"));
        Files.writeString(home.resolve("config/jvm.options"), "-Xss1m\n");
        Path script = Files.createDirectories(home.resolve("bin")).resolve("elasticsearch");
        Files.writeString(script, "#!/bin/sh\necho 'fatal: pretend the node cannot start'\nexit 3\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Distributions fake = new Distributions(real.kafkaLibs(), real.kafkaVersion(), home, real.elasticsearchVersion());
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "fake-es-node");
        StackStartException e = assertThrows(StackStartException.class, () -> new ElasticsearchNode(fake, dir.resolve("es")).start());
        assertTrue(e.getMessage().startsWith("Elasticsearch node failed to start: process exited with code 3"), e.getMessage());
        assertTrue(e.getMessage().contains("fatal: pretend the node cannot start"), e.getMessage());
    }
}
