package io.harbour.faults;

import io.harbour.stack.ProcessGuard;
import io.harbour.stack.ReadinessProbe;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Harbour service (receiver, indexer or query API) in a process of its own, started exactly
 * as an operator would start it ({@code java -cp cli/target/harbour.jar:cli/target/lib/*
 * io.harbour.cli.HarbourCli <service> --config FILE}), so that a SIGKILL is a real crash: no
 * shutdown hook, no flush, no commit. Every start appends to one log file, marked, so a crash and
 * the restart after it read in order.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Duration READY_WITHIN = Duration.ofMinutes(3);

    private final String name;
    private final List<String> command;
    private final Path log;
    private final URI readyz;
    private final HttpClient http;
    private Process process;
    private Process watchdog;
    private int starts;

    /**
     * @param repo       the work tree whose {@code cli/target} holds the packaged launcher
     * @param subcommand {@code receiver}, {@code indexer} or {@code query-api}
     * @param readyz     the service's readiness URL: started means it answers 200 there
     * @param http       a client that trusts the services' CA (for the HTTPS ones)
     */
    public ServiceProcess(String name, Path repo, String subcommand, Path config, Path log, URI readyz, HttpClient http) {
        Path jar = repo.resolve("cli/target/harbour.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the cli module first (mvn -B install -DskipTests -pl cli -am)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Bounded heaps: four services, a broker and a node share this machine with the suite.
        cmd.add("-Xmx512m");
        cmd.addAll(List.of("-cp", jar + File.pathSeparator + repo.resolve("cli/target/lib") + "/*", "io.harbour.cli.HarbourCli",
                subcommand, "--config", config.toString()));
        this.name = name;
        this.command = List.copyOf(cmd);
        this.log = log;
        this.readyz = readyz;
        this.http = http;
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Starts the process and returns once its readiness URL answers 200. */
    public synchronized ServiceProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        starts++;
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "\n===== start " + starts + " of " + name + ": " + String.join(" ", command) + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            // Whatever configures the suite's own JVM must not reconfigure a service.
            pb.environment().keySet().removeIf(k -> k.startsWith("HARBOUR_"));
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
        watchdog = ProcessGuard.watch(process.pid());
        long began = System.nanoTime();
        awaitReady();
        System.out.printf("fault suite: %s ready in %.1f s (pid %d)%n", name, (System.nanoTime() - began) / 1e9, process.pid());
        return this;
    }

    /** SIGKILL: a crash. Returns once the process is gone. */
    public synchronized void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " (pid " + p.pid() + ") outlived SIGKILL by 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watchdog.destroy();
        }
    }

    /** SIGTERM, as an orchestrator stops a service (its graceful shutdown runs), SIGKILL after 60 s. */
    public synchronized void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        long began = System.nanoTime();
        ProcessGuard.stop(p.toHandle(), Duration.ofSeconds(60));
        watchdog.destroy();
        System.out.printf("fault suite: %s stopped by SIGTERM in %.1f s%n", name, (System.nanoTime() - began) / 1e9);
    }

    /** The exit status of the last start's process once it has ended; empty while it runs or before any start. */
    public synchronized java.util.OptionalInt exitStatus() {
        return process == null || process.isAlive() ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(process.exitValue());
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitReady() {
        try {
            ReadinessProbe.await(http, readyz, READY_WITHIN, () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with code " + process.exitValue() + " while starting; its log "
                            + log + " ends:\n" + tail());
                }
            });
        } catch (TimeoutException | IOException e) {
            throw new IllegalStateException(name + " was " + e.getMessage() + "; its log " + log + " ends:\n" + tail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + name + " started", e);
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
