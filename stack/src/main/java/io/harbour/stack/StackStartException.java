package io.harbour.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A server failed to start. The message names the server, says what went wrong (port busy,
 * disk full, process exited, timeout) and ends with the tail of that server's log, so the
 * build output alone is enough to see why.
 */
public final class StackStartException extends RuntimeException {
    private static final int TAIL_LINES = 40;

    public StackStartException(String server, String reason, Path log) {
        super(server + " failed to start: " + diagnose(reason, log)
                + "\n--- last lines of " + log + " ---\n" + String.join("\n", tail(log, TAIL_LINES)));
    }

    /** Makes a generic reason specific when the log shows the cause. */
    private static String diagnose(String reason, Path log) {
        String text = String.join("\n", tail(log, 400));
        if (text.contains("Address already in use") || text.contains("BindException")) {
            return reason + " (a port it needs is busy: Address already in use)";
        }
        if (text.contains("No space left on device")) {
            return reason + " (disk full: No space left on device)";
        }
        return reason;
    }

    static List<String> tail(Path log, int lines) {
        try {
            if (!Files.exists(log)) {
                return List.of("(no log written)");
            }
            // ISO-8859-1 never fails on bytes a crashing server may leave half written.
            List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(log unreadable: " + e + ")");
        }
    }
}
