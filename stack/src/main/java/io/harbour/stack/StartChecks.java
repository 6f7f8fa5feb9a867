package io.harbour.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks made before a server starts, so that its failure says what is wrong, not just that it died. */
final class StartChecks {
    /** Both servers refuse writes well before the disk is full; below this they cannot even start cleanly. */
    static final long MIN_FREE_BYTES = 512L * 1024 * 1024;

    private StartChecks() {
    }

    static void diskSpace(String server, Path dir, Path log) {
        try {
            long free = Files.getFileStore(dir).getUsableSpace();
            if (free < MIN_FREE_BYTES) {
                throw new StackStartException(server, "disk full: only " + free / (1024 * 1024) + " MiB free in " + dir
                        + " (needs at least " + MIN_FREE_BYTES / (1024 * 1024) + " MiB)", log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void portsFree(String server, Path log, int... ports) {
        for (int port : ports) {
            if (!FreePorts.isFree(port)) {
                throw new StackStartException(server, "port busy: 127.0.0.1:" + port + " is already in use", log);
            }
        }
    }
}
