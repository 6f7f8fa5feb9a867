package io.harbour.query.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.query.http.ApiException;
import io.harbour.query.http.RequestParameters;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExportParametersTest {
    private static final long T = 1_700_000_000L;

    private static ExportParameters parse(String... nameValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            m.put(nameValues[i], nameValues[i + 1]);
        }
        return ExportParameters.received(RequestParameters.of(m));
    }

    private static ApiException refused(String... nameValues) {
        return assertThrows(ApiException.class, () -> parse(nameValues));
    }

    @Test
    void startAndEndInSecondsNanosecondsOrRfc3339() {
        ExportParameters p = parse("start", Long.toString(T), "end", T + "000000123");
        assertEquals(T * 1_000_000_000L, p.startNanos());
        assertEquals(T * 1_000_000_000L + 123, p.endNanos());
        p = parse("start", "2023-11-14T22:13:20Z", "end", "2023-11-14T23:13:20.000000001+01:00");
        assertEquals(T * 1_000_000_000L, p.startNanos());
        assertEquals(T * 1_000_000_000L + 1, p.endNanos());
        assertEquals(T * 1_000_000_000L, parse("start", "2023-11-14t22:13:20z", "end", "1").startNanos());
    }

    @Test
    void defaults() {
        ExportParameters p = parse("start", "1", "end", "2");
        assertEquals(Long.MAX_VALUE, p.count());
        assertNull(p.sample());
        assertEquals(Set.of(), p.fields());
        assertEquals(TimestampFormat.UNIXNANO, p.timestamps());
        assertEquals(Set.of(), p.kinds());
        assertEquals(ExportCursor.start(), p.cursor());
    }

    @Test
    void eachBadTimeNamesItsParameter() {
        assertEquals("start", refused("start", "yesterday", "end", "1").field());
        assertEquals("end", refused("start", "1", "end", "2023-11-14T22:13:20").field());
        ApiException millis = refused("start", "1", "end", T + "000");
        assertEquals("end", millis.field());
        assertTrue(millis.getMessage().contains("milliseconds"), millis.getMessage());
        assertEquals("missing_parameter", refused("end", "1").code());
        assertEquals("start", refused("end", "1").field());
    }

    @Test
    void countSampleTimestampsKind() {
        assertEquals(7, parse("start", "1", "end", "2", "count", "7").count());
        assertEquals("count", refused("start", "1", "end", "2", "count", "0").field());
        assertEquals("count", refused("start", "1", "end", "2", "count", "x").field());
        assertEquals(0.25, parse("start", "1", "end", "2", "sample", "0.25").sample().rate());
        assertEquals(1.0, parse("start", "1", "end", "2", "sample", "1").sample().rate());
        for (String bad : new String[] {"0", "1.5", "-0.1", "NaN", "x"}) {
            assertEquals("sample", refused("start", "1", "end", "2", "sample", bad).field(), bad);
        }
        assertEquals(TimestampFormat.RFC3339, parse("start", "1", "end", "2", "timestamps", "rfc3339").timestamps());
        assertEquals(TimestampFormat.UNIX, parse("start", "1", "end", "2", "timestamps", "unix").timestamps());
        assertEquals("timestamps", refused("start", "1", "end", "2", "timestamps", "iso").field());
        assertEquals(Set.of(ExportKind.EXCHANGES, ExportKind.OBSERVATIONS),
                parse("start", "1", "end", "2", "kind", "exchanges,observations").kinds());
        assertEquals("kind", refused("start", "1", "end", "2", "kind", "exchange").field());
        assertEquals(Set.of("app", "msg"), parse("start", "1", "end", "2", "fields", "app, msg,").fields());
    }

    @Test
    void unknownParameterIsRefused() {
        ApiException e = refused("start", "1", "end", "2", "limit", "5");
        assertEquals("unknown_parameter", e.code());
        assertEquals("limit", e.field());
    }

    @Test
    void cursorRoundTripsAndForeignCursorsAreRefused() {
        ExportCursor c = ExportCursor.of(Map.of(ExportKind.LOGHARBOUR, new ExportCursor.Position(5, "a\"b"),
                ExportKind.OBSERVATIONS, new ExportCursor.Position(-1, "\uD83D\uDE00")));
        assertEquals(c, parse("start", "1", "end", "2", "cursor", c.encode()).cursor());
        assertEquals("invalid_cursor", refused("start", "1", "end", "2", "cursor", "bm90IGpzb24").code());
        assertEquals("invalid_cursor", refused("start", "1", "end", "2", "cursor", "W1sibm9wZSIsMSwieCJdXQ").code());
        assertEquals("invalid_cursor", refused("start", "1", "end", "2", "cursor", "%%%").code());
    }

    @Test
    void idsTakeOnlyFieldsTimestampsAndKind() {
        ExportParameters p = ExportParameters.ids(RequestParameters.of(Map.of("fields", "id", "timestamps", "unix")));
        assertEquals(Set.of("id"), p.fields());
        assertThrows(ApiException.class, () -> ExportParameters.ids(RequestParameters.of(Map.of("start", "1"))));
    }

    @Test
    void acceptEncoding() {
        assertTrue(ExportStreams.acceptsGzip("gzip"));
        assertTrue(ExportStreams.acceptsGzip("br, gzip;q=0.5"));
        assertTrue(ExportStreams.acceptsGzip("*"));
        assertEquals(false, ExportStreams.acceptsGzip("gzip;q=0"));
        assertEquals(false, ExportStreams.acceptsGzip("identity"));
        assertEquals(false, ExportStreams.acceptsGzip(null));
    }
}
