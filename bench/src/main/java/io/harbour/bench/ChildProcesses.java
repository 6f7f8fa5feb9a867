package io.harbour.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every process the benchmark starts (receiver, nginx, jstat, ProducerPerformance, wrk), stopped
 * newest first when the run ends, fails, or is interrupted. Each also gets a watchdog shell in its
 * own session that stops it if this JVM dies without running its shutdown hook (SIGKILL).
 */
final class ChildProcesses implements AutoCloseable {
    private final Deque<Child> children = new ArrayDeque<>();
    private final Thread hook = new Thread(this::stopAll, "bench-children-shutdown");

    record Child(String name, Process process, Process watchdog) {
        long pid() {
            return process.pid();
        }
    }

    ChildProcesses() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    synchronized Child start(String name, ProcessBuilder builder) {
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // A variable the benchmark's environment happens to hold must not reconfigure a child.
        builder.environment().keySet().removeIf(k -> k.startsWith("HARBOUR_RECEIVER_"));
        try {
            Process process = builder.start();
            Child child = new Child(name, process, watchdog(process.pid()));
            children.push(child);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + builder.command(), e);
        }
    }

    /** SIGTERM, then SIGKILL after {@code graceSeconds}; returns once it is gone. */
    synchronized void stop(Child child, int graceSeconds) {
        children.remove(child);
        halt(child, graceSeconds);
    }

    /** SIGKILL at once, as a crash would (no shutdown hook of the child runs); returns once it is gone. */
    synchronized void kill(Child child) throws InterruptedException {
        children.remove(child);
        try {
            child.process().destroyForcibly();
            child.process().waitFor(10, TimeUnit.SECONDS);
        } finally {
            child.watchdog().destroy();
        }
    }

    private static void halt(Child child, int graceSeconds) {
        Process p = child.process();
        try {
            if (p.isAlive()) {
                p.destroy();
                if (!p.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                    System.err.println("bench: " + child.name() + " (pid " + p.pid() + ") ignored SIGTERM; killing it");
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            child.watchdog().destroy();
        }
    }

    private synchronized void stopAll() {
        while (!children.isEmpty()) {
            halt(children.pop(), 20);
        }
    }

    private static Process watchdog(long pid) throws IOException {
        long self = ProcessHandle.current().pid();
        String script = "while kill -0 " + self + " 2>/dev/null; do sleep 1; done; kill -TERM " + pid + " 2>/dev/null; "
                + "for i in $(seq 1 20); do kill -0 " + pid + " 2>/dev/null || exit 0; sleep 1; done; kill -KILL " + pid + " 2>/dev/null";
        return new ProcessBuilder("setsid", "sh", "-c", script)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or ran already
        }
    }

    /** The last 40 lines of a child's log, for the message when it fails to start or exits. */
    static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
