package io.harbour.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The harbour command line in a JVM of its own, as a user runs it ({@code java -cp <this module's
 * classpath> io.harbour.cli.HarbourCli ...}), its output (and errors) written to a log: a process a test can
 * stop with a signal, which a run in the test's JVM ({@link CliRun}) cannot be.
 */
final class CliProcess {
    private CliProcess() {
    }

    static Process start(Path log, String... args) throws IOException {
        // env --default-signal=INT: a build started in the background of a script (`mvn verify &`)
        // inherits SIGINT ignored, and a JVM started with a signal ignored never handles it, so
        // Ctrl-C (HarbourUpIT's SIGINT) would do nothing. Reset it, as a terminal's user has it.
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HarbourCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // Whatever configures the test's own JVM must not reconfigure the command.
        pb.environment().keySet().removeIf(k -> k.startsWith("HARBOUR_"));
        return pb.start();
    }
}
