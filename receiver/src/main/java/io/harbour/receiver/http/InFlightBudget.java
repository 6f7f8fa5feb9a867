package io.harbour.receiver.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The request bytes held in memory across all connections: bodies being received, inflated,
 * parsed and awaiting Kafka's acknowledgement. A request that would go past the limit is refused
 * with 429 at once rather than queued, so memory stays bounded however many senders push at once.
 * Counted per request through a {@link Reservation}, which gives everything back when closed.
 */
final class InFlightBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    InFlightBudget(long limit) {
        this.limit = limit;
    }

    long limit() {
        return limit;
    }

    long used() {
        return used.get();
    }

    Reservation open() {
        return new Reservation();
    }

    private boolean tryTake(long bytes) {
        while (true) {
            long current = used.get();
            if (current + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    /**
     * One request's share. Used by one thread at a time (the event loop, then a decode thread or,
     * for a small body, the event loop still, then whichever thread completes the answer), handed
     * over through executors and futures, so its own field needs no lock.
     */
    final class Reservation implements AutoCloseable {
        private long held;
        private boolean closed;

        /** Takes {@code bytes} more; false (taking nothing) if the budget cannot spare them. */
        boolean grow(long bytes) {
            if (closed || bytes < 0) {
                throw new IllegalStateException(closed ? "reservation closed" : "negative growth " + bytes);
            }
            if (!tryTake(bytes)) {
                return false;
            }
            held += bytes;
            return true;
        }

        /** Gives back {@code bytes} of what is held: memory this request no longer references. */
        void shrink(long bytes) {
            long given = Math.min(Math.max(bytes, 0), held);
            if (!closed && given > 0) {
                held -= given;
                used.addAndGet(-given);
            }
        }

        /**
         * Sets what is held to {@code bytes}, over the limit if need be: for memory a request
         * already uses (its records, once built), which refusing now would not give back sooner.
         * Requests that come after are the ones refused until it drains.
         */
        void holdExactly(long bytes) {
            if (!closed) {
                used.addAndGet(bytes - held);
                held = bytes;
            }
        }

        long held() {
            return held;
        }

        /** Gives back everything; idempotent, since both a failure and the normal end may call it. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                used.addAndGet(-held);
                held = 0;
            }
        }
    }
}
