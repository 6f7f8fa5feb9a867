package io.harbour.client.writer;

import io.harbour.model.logharbour.Priority;
import java.util.Objects;

/**
 * State shared by every {@link Logger} made from it, as in the Go library's {@code LoggerContext}:
 * the minimum priority that is written, and whether debug entries are written at all. Changing it
 * takes effect at once for all those loggers. Thread-safe.
 */
public final class LoggerContext {
    private volatile Priority minLogPriority;
    private volatile boolean debugMode;

    public LoggerContext(Priority minLogPriority) {
        this.minLogPriority = Objects.requireNonNull(minLogPriority, "minLogPriority");
    }

    /** A context that writes Info and above, debug entries off: the library's usual start. */
    public static LoggerContext defaults() {
        return new LoggerContext(Priority.INFO);
    }

    public void changeMinLogPriority(Priority priority) {
        minLogPriority = Objects.requireNonNull(priority, "priority");
    }

    public Priority minLogPriority() {
        return minLogPriority;
    }

    public void setDebugMode(boolean enable) {
        debugMode = enable;
    }

    public boolean isDebugModeSet() {
        return debugMode;
    }

    boolean shouldLog(Priority priority) {
        return priority.isAtLeast(minLogPriority);
    }
}
