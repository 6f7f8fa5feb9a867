package io.harbour.stack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No orphans: a JVM killed with SIGKILL leaves no broker behind, and a leftover pidfile is cleaned. */
class OrphanIT {

    /** Main of the child JVM: starts a broker, says its pid, then waits to be killed. */
    public static final class BrokerHolder {
        public static void main(String[] args) throws Exception {
            KafkaBroker broker = new KafkaBroker(Distributions.fromBuild().checked(), Path.of(args[0])).start();
            System.out.println("BROKER-PID " + ProcessGuard.readPid(Path.of(args[0], "broker.pid")).orElseThrow());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
            broker.close();
        }
    }

    @Test
    void brokerDiesWithTheJvmThatStartedIt(@TempDir Path dir) throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BrokerHolder.class.getName(), dir.resolve("kafka").toString())
                .redirectErrorStream(true).start();
        long brokerPid = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("BROKER-PID ")) {
                    brokerPid = Long.parseLong(line.substring("BROKER-PID ".length()).trim());
                    break;
                }
            }
            assertTrue(brokerPid > 0, "the holder JVM never reported a broker");
            assertTrue(ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive).orElse(false));
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Optional<ProcessHandle> broker = ProcessHandle.of(brokerPid);
            if (broker.isPresent()) {
                broker.get().onExit().get(60, TimeUnit.SECONDS);
            }
            assertFalse(ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive).orElse(false), "broker outlived its JVM");
        } finally {
            holder.destroyForcibly();
            if (brokerPid > 0) {
                ProcessHandle.of(brokerPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void leftoverNamedInAPidfileIsStoppedAtTheNextStart(@TempDir Path dir) throws Exception {
        // A process whose command line carries the marker, as a crashed run's broker would.
        Process leftover = new ProcessBuilder("bash", "-c", "exec -a 'leftover-" + dir + "' sleep 300").start();
        Path pidFile = dir.resolve("broker.pid");
        ProcessGuard.writePid(pidFile, leftover.pid());
        Process stranger = new ProcessBuilder("sleep", "300").start();
        Path strangerPidFile = dir.resolve("other.pid");
        ProcessGuard.writePid(strangerPidFile, stranger.pid());
        try {
            ProcessGuard.stopLeftover("test", pidFile, dir.toString());
            ProcessGuard.stopLeftover("test", strangerPidFile, dir.toString());
            assertTrue(leftover.waitFor(30, TimeUnit.SECONDS), "leftover still running");
            assertFalse(Files.exists(pidFile));
            assertTrue(stranger.isAlive(), "a recycled pid of an unrelated process must be left alone");
        } finally {
            leftover.destroyForcibly();
            stranger.destroyForcibly();
        }
    }
}
