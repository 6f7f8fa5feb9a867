package io.harbour.query.http;

/**
 * The server's graceful shutdown as its connections see it: {@link QueryServer#close()} starts it,
 * then fires {@link #EVENT} into every open connection ({@link DrainHandler}). From then on an
 * HTTP/1.1 answer is the connection's last, and a connection accepted in the moment before the
 * listener closed is closed at once.
 */
final class Drain {
    /** The user event fired into each open connection when the drain starts. */
    static final Object EVENT = new Object() {
        @Override
        public String toString() {
            return "query server draining";
        }
    };

    private volatile boolean started;

    void start() {
        started = true;
    }

    boolean started() {
        return started;
    }
}
