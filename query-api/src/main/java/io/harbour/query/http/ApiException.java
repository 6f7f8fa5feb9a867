package io.harbour.query.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;

/**
 * A request refused for a reason the caller can act on: becomes
 * {@code {"error":{"code":..,"message":..,"field":..}}} with its status. Thrown wherever the
 * reason is found (a parser, a scope check) and turned into one answer at the top. No stack
 * trace: it is an answer, not a bug.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient HttpResponseStatus status;
    private final String code;
    private final String field;
    private final transient Duration retryAfter;

    public ApiException(HttpResponseStatus status, String code, String message, String field, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.retryAfter = retryAfter;
    }

    public ApiException(HttpResponseStatus status, String code, String message, String field) {
        this(status, code, message, field, null);
    }

    /** 400 with the parameter it is about. */
    public static ApiException badRequest(String code, String field, String message) {
        return new ApiException(HttpResponseStatus.BAD_REQUEST, code, message, field);
    }

    public static ApiException forbidden(String code, String field, String message) {
        return new ApiException(HttpResponseStatus.FORBIDDEN, code, message, field);
    }

    public HttpResponseStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The parameter the refusal is about; null when it is about the request as a whole. */
    public String field() {
        return field;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public ApiReply toReply() {
        return ApiReply.error(status, code, getMessage(), field).withRetryAfter(retryAfter);
    }
}
