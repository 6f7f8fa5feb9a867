package io.harbour.receiver;

import java.time.Duration;

/**
 * Why a request's records were not all acknowledged. {@link Reason#BUSY} becomes 429 (too much
 * in flight: the request was refused before anything was sent), {@link Reason#UNAVAILABLE} 503
 * (Kafka unreachable or slower than the deadline); both carry a Retry-After.
 */
public final class PublishException extends RuntimeException {
    public enum Reason { BUSY, UNAVAILABLE }

    private final Reason reason;
    private final Duration retryAfter;

    public PublishException(Reason reason, Duration retryAfter, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
