package io.harbour.client.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutcomeTest {
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));
    private static final Instant NOW = Instant.parse("2026-11-23T06:00:00Z");

    private static Outcome of(int status, String retryAfter, String body, int size) {
        return Outcome.of(status, Optional.ofNullable(retryAfter), body, size, 1, BACKOFF, NOW);
    }

    @Test
    void acceptedIsDeliveredWithThePartialRejections() {
        assertEquals(new Outcome.Delivered(Map.of()), of(202, null, "{\"accepted\":3,\"receipt\":\"r1\"}", 3));
        Outcome partial = of(202, null, "{\"accepted\":1,\"rejected\":[{\"line\":2,\"field\":\"remote_ip\",\"reason\":\"not an IP\"},"
                + "{\"line\":2,\"field\":\"pri\",\"reason\":\"unknown\"},{\"line\":3,\"field\":\"\",\"reason\":\"bad JSON\"}],\"receipt\":\"r\"}", 3);
        assertEquals(new Outcome.Delivered(Map.of(2, "remote_ip: not an IP; pri: unknown", 3, "bad JSON")), partial);
    }

    @Test
    void badRequestWithLinesRefusesThoseLinesOnly() {
        Outcome o = of(400, null, "{\"error\":{\"code\":\"invalid_log\",\"message\":\"1 problem(s)\",\"problems\":"
                + "[{\"line\":1,\"field\":\"when\",\"reason\":\"required\"},{\"line\":9,\"field\":\"x\",\"reason\":\"out of range\"}]}}", 2);
        assertEquals(new Outcome.RefusedLines(Map.of(1, "when: required")), o, "line 9 is not in a batch of 2");
    }

    @Test
    void badRequestWithoutLinesRefusesTheBatch() {
        Outcome o = of(400, null, "{\"error\":{\"code\":\"invalid_parameter\",\"message\":\"partial must be true or false\"}}", 5);
        Outcome.RefusedAll all = assertInstanceOf(Outcome.RefusedAll.class, o);
        assertTrue(all.reason().contains("invalid_parameter") && all.reason().contains("partial must be"), all.reason());
    }

    @Test
    void tooLargeSplitsUntilOneEntryIsLeft() {
        assertInstanceOf(Outcome.Split.class, of(413, null, "", 2));
        assertInstanceOf(Outcome.RefusedAll.class, of(413, null, "", 1));
    }

    @Test
    void overloadAndKafkaAwayWaitForRetryAfter() {
        assertEquals(Duration.ofSeconds(2), ((Outcome.Retry) of(503, "2", "{\"error\":{\"message\":\"Kafka away\"}}", 1)).delay());
        assertEquals(Duration.ofSeconds(7), ((Outcome.Retry) of(429, "7", "", 1)).delay());
        assertEquals(Duration.ofSeconds(30), ((Outcome.Retry) of(429, "Mon, 23 Nov 2026 06:00:30 GMT", "", 1)).delay());
        assertEquals(Outcome.MAX_RETRY_AFTER, ((Outcome.Retry) of(503, "86400", "", 1)).delay(), "capped");
        Duration noHeader = ((Outcome.Retry) of(503, null, "", 1)).delay();
        assertTrue(noHeader.toMillis() >= 50 && noHeader.toMillis() <= 100, noHeader.toString());
        Duration garbage = ((Outcome.Retry) of(429, "soon", "", 1)).delay();
        assertTrue(garbage.toMillis() <= 100, "an unreadable Retry-After falls back to backoff");
    }

    @Test
    void configurationErrorsAndServerErrorsAreRetriedNeverRefused() {
        for (int status : new int[] {401, 403, 404, 408, 415, 500, 502, 504}) {
            Outcome o = of(status, null, "{\"error\":{\"message\":\"m\"}}", 10);
            assertInstanceOf(Outcome.Retry.class, o, "status " + status);
            assertTrue(((Outcome.Retry) o).why().contains(String.valueOf(status)));
        }
        Outcome failed = Outcome.failed(new java.net.ConnectException("Connection refused"), 3, BACKOFF);
        assertTrue(((Outcome.Retry) failed).why().contains("Connection refused"));
    }

    @Test
    void retryAfterParsing() {
        assertEquals(Optional.of(Duration.ZERO), Outcome.parseRetryAfter("Mon, 23 Nov 2026 05:00:00 GMT", NOW), "a past date means now");
        assertEquals(Optional.of(Duration.ofSeconds(0)), Outcome.parseRetryAfter(" 0 ", NOW));
        assertEquals(Optional.empty(), Outcome.parseRetryAfter("-1", NOW));
    }

    @Test
    void backoffDoublesWithJitterUpToTheCap() {
        assertEquals(Duration.ofMillis(50), BACKOFF.delay(1, () -> 0.0));
        assertEquals(Duration.ofMillis(100), BACKOFF.delay(1, () -> 0.999999));
        assertEquals(Duration.ofMillis(400), BACKOFF.delay(4, () -> 0.0));
        assertEquals(Duration.ofSeconds(5), BACKOFF.delay(40, () -> 0.0));
        assertEquals(Duration.ofSeconds(10), BACKOFF.delay(1000, () -> 0.999999));
    }
}
