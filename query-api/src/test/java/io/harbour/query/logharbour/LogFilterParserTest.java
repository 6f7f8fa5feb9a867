package io.harbour.query.logharbour;

import static io.harbour.query.logharbour.Refusals.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harbour.model.logharbour.EntryType;
import io.harbour.model.logharbour.Priority;
import io.harbour.query.http.RequestParameters;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogFilterParserTest {
    private final LogFilterParser parser = new LogFilterParser(Clock.systemUTC(), 365);

    private LogFilter parse(Map<String, String> p) {
        return parser.parse(RequestParameters.of(p));
    }

    @Test
    void everyFilterParameterIsRead() {
        LogFilter f = parse(Map.of("app", "shop", "type", "a", "who", "jim", "class", "Order", "instance", "456", "op", "update",
                "remoteIP", "LOCAL", "pri", "warn"));
        assertEquals(new LogFilter("shop", EntryType.ACTIVITY, "jim", "Order", "456", "update", TimeWindow.ALL,
                new RemoteAddress("LOCAL", false), Priority.WARN), f);
    }

    @Test
    void instanceNeedsClass() {
        refused(400, "invalid_parameter", "instance", () -> parse(Map.of("instance", "456")));
    }

    @Test
    void typeIsOneOfTheFourLetters() {
        assertEquals(EntryType.UNKNOWN, parse(Map.of("type", "U")).type());
        assertEquals(EntryType.DEBUG, parse(Map.of("type", "d")).type());
        refused(400, "invalid_type", "type", () -> parse(Map.of("type", "X")));
        refused(400, "invalid_type", "type", () -> parse(Map.of("type", "AC")));
    }

    @Test
    void priorityNamesInAnyCaseSecIncluded() {
        assertEquals(Priority.SEC, parse(Map.of("pri", "sec")).minimumPriority());
        assertEquals(Priority.SEC, parse(Map.of("pri", "Sec")).minimumPriority());
        assertEquals(Priority.DEBUG2, parse(Map.of("pri", "DEBUG2")).minimumPriority());
        refused(400, "invalid_priority", "pri", () -> parse(Map.of("pri", "urgent")));
        refused(400, "invalid_priority", "pri", () -> parse(Map.of("pri", "3")));
    }

    @Test
    void priWithTypeChangeCanMatchNothingAndIsRefused() {
        refused(400, "invalid_parameter", "pri", () -> parse(Map.of("pri", "info", "type", "C")));
    }
}
