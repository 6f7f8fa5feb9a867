package io.harbour.client.writer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one answer of the receiver means for the batch that was sent: the retry decisions, kept
 * pure so they are tested without a server.
 *
 * <ul>
 *   <li>{@code 2xx}: delivered; with {@code ?partial=true} the body's {@code rejected} lists lines
 *       refused for their content, which are counted as refused and never sent again.</li>
 *   <li>{@code 400} with per-line problems: those lines are refused; the others are sent again
 *       (the receiver accepted nothing of the request). {@code 400} without line problems: the
 *       whole batch is refused, since the same bytes would get the same answer.</li>
 *   <li>{@code 413}: a batch of several entries is split in half and sent again; a single entry
 *       too large for the receiver is refused.</li>
 *   <li>{@code 429} and {@code 503}: retried after their {@code Retry-After}, else with backoff.</li>
 *   <li>anything else ({@code 401}, {@code 403}, {@code 404}, {@code 5xx}, a lost connection,
 *       a timeout): retried with backoff. A wrong key or address is the configuration's fault, not
 *       the entries', so they wait in the spill file until it is fixed rather than being dropped.</li>
 * </ul>
 */
sealed interface Outcome {
    /** Longest wait a Retry-After may impose; a server asking for more is probably misconfigured. */
    Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);
    ObjectMapper JSON = JsonMapper.builder().build();

    /** The receiver took the batch; {@code refused} maps line numbers (1-based) to reasons. */
    record Delivered(Map<Integer, String> refused) implements Outcome {
    }

    /** Nothing was taken; these lines are refused for good and the rest must be sent again. */
    record RefusedLines(Map<Integer, String> refused) implements Outcome {
    }

    /** Nothing was taken and nothing of this batch can be: refuse every entry with this reason. */
    record RefusedAll(String reason) implements Outcome {
    }

    /** Too large as a whole: send it in smaller pieces. */
    record Split() implements Outcome {
    }

    /** Try the same batch again after {@code delay}; {@code why} is for the listener. */
    record Retry(Duration delay, String why) implements Outcome {
    }

    /**
     * @param retryAfter the {@code Retry-After} header, if any
     * @param attempt    how many times this batch has failed before, counting this answer (1 or more)
     */
    static Outcome of(int status, Optional<String> retryAfter, String body, int batchSize, int attempt,
                      Backoff backoff, Instant now) {
        if (status >= 200 && status < 300) {
            return new Delivered(problems(read(body).path("rejected")));
        }
        if (status == 400) {
            JsonNode error = read(body).path("error");
            Map<Integer, String> refused = problems(error.path("problems"));
            // Only line numbers inside the batch can be taken out; anything else would resend forever.
            refused.keySet().removeIf(line -> line < 1 || line > batchSize);
            if (!refused.isEmpty()) {
                return new RefusedLines(refused);
            }
            String code = error.path("code").asText("");
            String message = error.path("message").asText("");
            return new RefusedAll("receiver answered 400" + (code.isEmpty() ? "" : " " + code)
                    + (message.isEmpty() ? ": " + abbreviate(body) : ": " + message));
        }
        if (status == 413) {
            return batchSize > 1 ? new Split() : new RefusedAll("entry too large for the receiver (413): " + message(body));
        }
        Duration backoffDelay = backoff.delay(attempt, Math::random);
        if (status == 429 || status == 503) {
            Duration delay = retryAfter.flatMap(v -> parseRetryAfter(v, now)).orElse(backoffDelay);
            return new Retry(delay, "receiver answered " + status + " (" + message(body) + "), retrying in "
                    + delay.toMillis() + " ms");
        }
        return new Retry(backoffDelay, "receiver answered " + status + " (" + message(body) + "), retrying in "
                + backoffDelay.toMillis() + " ms");
    }

    /** A request that never got an answer: the receiver is away, or the network is. */
    static Outcome failed(Throwable cause, int attempt, Backoff backoff) {
        Duration delay = backoff.delay(attempt, Math::random);
        String what = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return new Retry(delay, "no answer from the receiver (" + what + "), retrying in " + delay.toMillis() + " ms");
    }

    /** Delta-seconds or an HTTP-date (RFC 9110), at least zero and at most {@link #MAX_RETRY_AFTER}. */
    static Optional<Duration> parseRetryAfter(String value, Instant now) {
        String v = value.trim();
        Duration d;
        if (v.matches("\\d{1,9}")) {
            d = Duration.ofSeconds(Long.parseLong(v));
        } else {
            try {
                d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        return Optional.of(d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
    }

    /** {@code [{"line":..,"field":..,"reason":..}]} grouped by line; several problems of one line joined. */
    private static Map<Integer, String> problems(JsonNode list) {
        Map<Integer, String> byLine = new TreeMap<>();
        if (list.isArray()) {
            for (JsonNode p : list) {
                int line = p.path("line").asInt(0);
                String field = p.path("field").asText("");
                String reason = (field.isEmpty() ? "" : field + ": ") + p.path("reason").asText("");
                byLine.merge(line, reason, (a, b) -> a + "; " + b);
            }
        }
        return byLine;
    }

    private static JsonNode read(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
            return node == null ? JSON.createObjectNode() : node;
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    private static String message(String body) {
        String m = read(body).path("error").path("message").asText("");
        return m.isEmpty() ? abbreviate(body) : m;
    }

    private static String abbreviate(String body) {
        if (body == null || body.isBlank()) {
            return "no body";
        }
        String oneLine = body.strip().replace('\n', ' ');
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }
}
