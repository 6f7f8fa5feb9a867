package io.harbour.indexer;

/**
 * Exceptions made readable for a log line. It exists because the useful part of a connection
 * failure (refused, unknown host, TLS) is usually the root cause several wrappers down, and both
 * start-up and partition preparation log such failures while they wait.
 */
final class Causes {
    private Causes() {
    }

    /** An exception and its causes on one line: the root cause is usually the useful part. */
    static String describe(Throwable e) {
        StringBuilder s = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            s.append(" <- ").append(c);
        }
        return s.toString();
    }
}
