package io.harbour.stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a server process from outliving the JVM that started it. A shutdown hook cannot run
 * when that JVM is killed with SIGKILL, so each server also gets a small watchdog shell, in its
 * own session so that Ctrl-C does not reach it, which stops the server once our JVM is gone.
 * Pidfiles let the next start find and stop a server that an earlier crash left behind.
 *
 * <p>Public for the fault suite, whose Harbour services are processes guarded the same way.
 */
public final class ProcessGuard {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessGuard.class);

    private ProcessGuard() {
    }

    /** Starts the watchdog for {@code pid}; destroy the returned process when stopping normally. */
    public static Process watch(long pid) {
        long self = ProcessHandle.current().pid();
        String script = "while kill -0 " + self + " 2>/dev/null; do sleep 1; done; "
                + "kill -TERM " + pid + " 2>/dev/null; "
                + "for i in $(seq 1 30); do kill -0 " + pid + " 2>/dev/null || exit 0; sleep 1; done; "
                + "kill -KILL " + pid + " 2>/dev/null";
        try {
            return new ProcessBuilder("setsid", "sh", "-c", script)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the watchdog for pid " + pid, e);
        }
    }

    static Optional<Long> readPid(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            String text = Files.readString(pidFile, StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static void writePid(Path pidFile, long pid) {
        try {
            Files.writeString(pidFile, pid + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops a leftover process named in {@code pidFile} if it is still running and its command
     * line mentions {@code marker} (so a recycled pid of an unrelated process is left alone),
     * then removes the pidfile.
     */
    static void stopLeftover(String server, Path pidFile, String marker) {
        readPid(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).ifPresent(p -> {
            if (commandLine(p.pid()).contains(marker)) {
                LOG.warn("{}: stopping pid {} left running by an earlier run ({})", server, p.pid(), pidFile);
                stop(p, Duration.ofSeconds(20));
            }
        });
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}; returns once the process is gone. */
    public static void stop(ProcessHandle p, Duration grace) {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            p.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception timeoutOrInterrupt) {
            p.destroyForcibly();
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.error("pid {} did not exit after SIGKILL", p.pid());
            }
        }
    }

    /** Reads /proc directly: ProcessHandle.info() hides other users' command lines. */
    static String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("");
        }
    }
}
