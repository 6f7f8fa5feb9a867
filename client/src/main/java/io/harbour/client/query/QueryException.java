package io.harbour.client.query;

import java.time.Duration;
import java.util.Optional;

/**
 * The query API refused a call, or could not be reached: the server's error {@code code},
 * {@code message} and {@code field} (the parameter at fault, or null) and the HTTP status.
 * Unchecked, so the page iterators and streams can carry it. A subclass per status a program
 * reacts to differently:
 * <ul>
 * <li>400 {@link InvalidQueryException}: fix the parameters ({@link #field()} names one);</li>
 * <li>401 {@link UnauthenticatedException}: no token, or one the realm does not know;</li>
 * <li>403 {@link ForbiddenException}: outside the token's scope (app, class, debug);</li>
 * <li>404 {@link NotFoundException}: for example an app in scope with no entry;</li>
 * <li>429 {@link ThrottledException} and 503 {@link UnavailableException}: try again after
 * {@link #retryAfter()};</li>
 * <li>{@link ConnectionException}: no answer at all (status 0).</li>
 * </ul>
 * Any other status (405, 413, 415, 500) is a plain {@code QueryException}.
 */
public class QueryException extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;
    private final transient Duration retryAfter;

    public QueryException(int status, String code, String message, String field, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.field = field;
        this.retryAfter = retryAfter;
    }

    /** The exception for this status. */
    public static QueryException of(int status, String code, String message, String field, Duration retryAfter) {
        return switch (status) {
            case 400 -> new InvalidQueryException(code, message, field);
            case 401 -> new UnauthenticatedException(code, message);
            case 403 -> new ForbiddenException(code, message, field);
            case 404 -> new NotFoundException(code, message, field);
            case 429 -> new ThrottledException(code, message, retryAfter);
            case 503 -> new UnavailableException(code, message, retryAfter);
            default -> new QueryException(status, code, message, field, retryAfter, null);
        };
    }

    /** The HTTP status, 0 when no answer came. */
    public int status() {
        return status;
    }

    /** The server's error code ({@code invalid_parameter}, {@code unknown_token}, ...). */
    public String code() {
        return code;
    }

    /** The parameter the error is about, or null. */
    public String field() {
        return field;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + ": " + status + " " + code + (field == null ? "" : " (" + field + ")") + ": " + getMessage();
    }

    public static final class InvalidQueryException extends QueryException {
        public InvalidQueryException(String code, String message, String field) {
            super(400, code, message, field, null, null);
        }
    }

    public static final class UnauthenticatedException extends QueryException {
        public UnauthenticatedException(String code, String message) {
            super(401, code, message, null, null, null);
        }
    }

    public static final class ForbiddenException extends QueryException {
        public ForbiddenException(String code, String message, String field) {
            super(403, code, message, field, null, null);
        }
    }

    public static final class NotFoundException extends QueryException {
        public NotFoundException(String code, String message, String field) {
            super(404, code, message, field, null, null);
        }
    }

    /** 429 and 503 both mean "later": a caller that retries catches this. */
    public abstract static class RetryLaterException extends QueryException {
        RetryLaterException(int status, String code, String message, Duration retryAfter) {
            super(status, code, message, null, retryAfter, null);
        }
    }

    public static final class ThrottledException extends RetryLaterException {
        public ThrottledException(String code, String message, Duration retryAfter) {
            super(429, code, message, retryAfter);
        }
    }

    /** 503: the server's workers are all busy ({@code busy}) or Elasticsearch is away ({@code elasticsearch_unavailable}). */
    public static final class UnavailableException extends RetryLaterException {
        public UnavailableException(String code, String message, Duration retryAfter) {
            super(503, code, message, retryAfter);
        }
    }

    /** No answer: connection refused, TLS failure, timeout, or the call interrupted. */
    public static final class ConnectionException extends QueryException {
        public ConnectionException(String message, Throwable cause) {
            super(0, "connection_failed", message, null, null, cause);
        }
    }
}
