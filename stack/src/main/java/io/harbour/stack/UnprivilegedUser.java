package io.harbour.stack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The system account Elasticsearch runs as when we are root (Elasticsearch refuses to run as
 * root). Created on first use with {@code useradd --system}; commands run through {@code runuser}.
 */
final class UnprivilegedUser {
    static final String NAME = "harbour-es";

    private UnprivilegedUser() {
    }

    static boolean weAreRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static void ensureExists() {
        if (run("id", "-u", NAME) != 0) {
            int code = run("useradd", "--system", "--user-group", "--no-create-home",
                    "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", NAME);
            if (code != 0 && run("id", "-u", NAME) != 0) {
                throw new IllegalStateException("cannot create system user " + NAME + " (useradd exited with " + code + ")");
            }
        }
    }

    /** Whether the account can use {@code path} as {@code test} would check it, e.g. "-r" or "-x". */
    static boolean can(String testFlag, Path path) {
        return run("runuser", "-u", NAME, "--", "test", testFlag, path.toString()) == 0;
    }

    static void own(Path path) {
        int code = run("chown", "-R", NAME + ":" + NAME, path.toString());
        if (code != 0) {
            throw new IllegalStateException("chown -R " + NAME + " " + path + " exited with " + code);
        }
    }

    /** The command prefix that runs what follows as the account. */
    static List<String> runAs() {
        return new ArrayList<>(List.of("runuser", "-u", NAME, "--"));
    }

    private static int run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().transferTo(OutputStream.nullOutputStream());
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
