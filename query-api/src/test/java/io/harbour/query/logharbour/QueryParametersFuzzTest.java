package io.harbour.query.logharbour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.harbour.query.export.ExportParameters;
import io.harbour.query.http.ApiException;
import io.harbour.query.http.ApiRequest;
import io.harbour.query.http.RequestParameters;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the query API's parameter parsing: a JSON body of parameters and query-string values
 * read by {@link RequestParameters}, then LogHarbour's filter, time window, cursor, remote
 * address, set attribute and the export's parameters. The property: each either parses or
 * refuses with an {@link ApiException} of status 4xx that carries a code (and a field when it
 * names one); never any other exception. Seeds under
 * {@code src/test/resources/io/harbour/query/logharbour/QueryParametersFuzzTestInputs/}.
 */
class QueryParametersFuzzTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T05:56:38.123456789Z"), ZoneOffset.UTC);
    private static final List<String> NAMES = List.of(Param.APP, Param.TYPE, Param.WHO, Param.CLASS, Param.INSTANCE,
            Param.OP, Param.FROMTS, Param.TOTS, Param.NDAYS, Param.REMOTE_IP, Param.PRI, Param.SEARCH_AFTER_TS,
            Param.SEARCH_AFTER_DOC_ID, Param.SETATTR, Param.FIELD, Param.UNUSUAL_PERCENT,
            "start", "end", "count", "sample", "fields", "timestamps", "kind", "cursor");

    /** Names and values from the fuzzer, as a query string would carry them. */
    @FuzzTest(maxDuration = "10s")
    void parameters(FuzzedDataProvider data) {
        Map<String, String> values = new LinkedHashMap<>();
        int n = data.consumeInt(0, 8);
        for (int i = 0; i < n; i++) {
            values.put(NAMES.get(data.consumeInt(0, NAMES.size() - 1)), data.consumeString(200));
        }
        values.values().removeIf(String::isEmpty);
        exercise(RequestParameters.of(values));
    }

    /** A POST body of parameters, as LogHarbour's client library sends them. */
    @FuzzTest(maxDuration = "10s")
    void jsonBody(byte[] body) {
        ApiRequest request = new ApiRequest(HttpMethod.POST, "/api/v1/logharbour/getlogs", Map.of(),
                new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE, "application/json"), body,
                InetAddress.getLoopbackAddress(), null);
        RequestParameters p;
        try {
            p = RequestParameters.of(request);
        } catch (ApiException e) {
            refused(e);
            return;
        }
        exercise(p);
    }

    private static void exercise(RequestParameters p) {
        LogFilterParser parser = new LogFilterParser(CLOCK, 30);
        attempt(() -> parser.parse(p));
        attempt(() -> parser.ndaysWindow(p));
        attempt(() -> Cursor.parse(p));
        p.get(Param.REMOTE_IP).ifPresent(v -> attempt(() -> RemoteAddress.parse(v)));
        p.get(Param.SETATTR).ifPresent(v -> attempt(() -> SetAttribute.parse(v)));
        p.get(Param.NDAYS).ifPresent(v -> attempt(() -> TimeWindow.days(v, 30)));
        attempt(() -> ExportParameters.received(p));
        attempt(() -> ExportParameters.ids(p));
    }

    private static void attempt(Runnable parse) {
        try {
            parse.run();
        } catch (ApiException e) {
            refused(e);
        }
    }

    private static void refused(ApiException e) {
        int status = e.status().code();
        assertTrue(status >= 400 && status < 500, "a parameter refusal is a 4xx, got " + status + ": " + e.getMessage());
        assertNotNull(e.code(), "refusal without a code");
        assertFalse(e.code().isBlank(), "refusal without a code");
        assertNotNull(e.getMessage(), "refusal without a message");
        assertEquals(e.code(), e.code().strip());
    }
}
