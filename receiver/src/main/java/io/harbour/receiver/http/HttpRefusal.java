package io.harbour.receiver.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;

/**
 * A request refused for a reason the sender can act on (too large, too much in flight, bad
 * encoding). Thrown deep inside body handling and turned into one {@link Reply} at the top, so the
 * checks stay where the bytes are. No stack trace: it is an answer, not a bug.
 */
final class HttpRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient HttpResponseStatus status;
    private final String code;
    private final transient Duration retryAfter;

    HttpRefusal(HttpResponseStatus status, String code, String message) {
        this(status, code, message, null);
    }

    HttpRefusal(HttpResponseStatus status, String code, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    static HttpRefusal tooLarge(String message) {
        return new HttpRefusal(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "body_too_large", message);
    }

    static HttpRefusal busy(String message, Duration retryAfter) {
        return new HttpRefusal(HttpResponseStatus.TOO_MANY_REQUESTS, "too_much_in_flight", message, retryAfter);
    }

    HttpResponseStatus status() {
        return status;
    }

    String code() {
        return code;
    }

    Duration retryAfter() {
        return retryAfter;
    }
}
