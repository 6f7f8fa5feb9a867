package io.harbour.query.export;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.IndexTimes;
import io.harbour.layout.Times;
import io.harbour.model.Json;
import io.harbour.query.QueryApiConfig;
import io.harbour.query.http.ApiException;
import io.harbour.query.http.ApiReply;
import io.harbour.query.http.ReplyException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * The rules a window must meet before anything is read:
 * <ul>
 * <li>{@code end} after {@code start}, at most one hour apart (400);</li>
 * <li>{@code start} within the caller's realm's retention (400 {@code start_before_retention}
 * with the oldest day and start): retention deletes whole daily indices older than the realm's
 * days ({@code export.retention.realms.<realm>}, else {@code export.retention.default_days}, as
 * the indexer's {@code retention} section), so a realm kept shorter than the default must refuse
 * a start its indices no longer cover instead of answering it empty; and a document's index day may be its event time's up to {@link IndexTimes#DEFAULT_TOLERANCE} before
 * its receive time, so the oldest start that is whole is that day's midnight plus the tolerance;</li>
 * <li>{@code end} at or below the watermark: the window is closed, nothing received before
 * {@code end} can still arrive. Else 409 {@code window_not_closed} with the watermark. 409
 * Conflict says the request conflicts with the current state and will succeed once the state
 * changes, which is the case. 425 Too Early (RFC 8470) was the other candidate, but it is
 * defined for requests sent in TLS early data, and clients and proxies answer it by resending
 * without early data at once, not by waiting.</li>
 * </ul>
 */
final class WindowRules {
    static final Duration MAX_WINDOW = Duration.ofHours(1);

    private final Clock clock;
    private final QueryApiConfig.Export.Retention retention;

    WindowRules(Clock clock, QueryApiConfig.Export.Retention retention) {
        this.clock = clock;
        this.retention = retention;
    }

    /** The oldest start that {@code realm}'s retention has kept whole, epoch nanoseconds. */
    long oldestStartNanos(String realm) {
        return Times.nanos(oldestDay(realm).atStartOfDay().toInstant(ZoneOffset.UTC).plus(IndexTimes.DEFAULT_TOLERANCE));
    }

    LocalDate oldestDay(String realm) {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(retention.daysFor(realm));
    }

    /** The checks that need no Elasticsearch, for a window of {@code realm}. */
    void checkShape(String realm, long startNanos, long endNanos) {
        if (endNanos <= startNanos) {
            throw ApiException.badRequest("invalid_window", "end", "end must be after start (start is inclusive, end exclusive)");
        }
        if (endNanos - startNanos > MAX_WINDOW.toNanos()) {
            throw ApiException.badRequest("window_too_long", "end", "a window is at most one hour (end - start <= 3600 s); ask one window"
                    + " at a time, a minute each is what seed 004 recommends");
        }
        long oldest = oldestStartNanos(realm);
        if (startNanos < oldest) {
            throw new RetentionRefusal(oldestDay(realm), oldest).exception();
        }
    }

    /** 409 unless {@code endNanos} is at or below the watermark. */
    static void checkClosed(long endNanos, Optional<Long> watermark) {
        if (watermark.isEmpty() || endNanos > watermark.get()) {
            throw windowOpen(watermark);
        }
    }

    /** 400 with the oldest available day and start in the body. */
    record RetentionRefusal(LocalDate oldestDay, long oldestStart) {
        ReplyException exception() {
            return refusal(HttpResponseStatus.BAD_REQUEST, "start_before_retention", "start",
                    "start is before retention: the oldest day kept is " + oldestDay + " and the oldest whole start is "
                            + Times.format(oldestStart), Map.of("oldest_day", oldestDay.toString(), "oldest_start",
                            Times.format(oldestStart), "oldest_start_unixnano", oldestStart));
        }
    }

    /** 409 {@code window_not_closed}; its body carries the watermark (null while there is none). */
    static ReplyException windowOpen(Optional<Long> watermark) {
        String message = watermark.map(w -> "the window is not closed: end is after the watermark " + Times.format(w)
                        + " (everything received before it is stored); ask again once the watermark has passed end")
                .orElse("the window is not closed: the indexer has published no watermark yet");
        Map<String, Object> members = watermark.<Map<String, Object>>map(w -> Map.of("watermark", Times.format(w), "watermark_unixnano", w))
                .orElse(Map.of("watermark", NullNode.getInstance()));
        return refusal(HttpResponseStatus.CONFLICT, "window_not_closed", "end", message, members);
    }

    /** {@code {"error":{..}, <members>}}. */
    static ReplyException refusal(HttpResponseStatus status, String code, String field, String message, Map<String, Object> members) {
        ApiReply plain = ApiReply.error(status, code, message, field);
        try {
            ObjectNode body = (ObjectNode) Json.mapper().readTree(plain.body());
            members.forEach((k, v) -> body.set(k, Json.mapper().valueToTree(v)));
            return new ReplyException(new ApiReply(status, code, Json.mapper().writeValueAsBytes(body), plain.contentType(), null, Map.of()));
        } catch (IOException e) {
            throw new UncheckedIOException("a tree of plain nodes always serialises", e);
        }
    }
}
