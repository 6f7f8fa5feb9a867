package io.harbour.model.extrahop;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.harbour.model.Documents;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.harbour.model.Documents.assertRoundTrip;
import static io.harbour.model.Documents.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExtraHopLogFormatTest {
    private static final ExtraHopLogFormat FORMAT = ExtraHopLogFormat.INSTANCE;

    static Stream<String> seedExamples() {
        return Documents.extraHopExamples().stream();
    }

    @Test
    void theSeedHasARequestAndAResponseExample() {
        assertEquals(2, Documents.extraHopExamples().size());
    }

    @ParameterizedTest
    @MethodSource("seedExamples")
    void everySeedExampleReadsAndWritesBackUnchanged(String json) {
        assertRoundTrip(FORMAT, json);
    }

    @Test
    void theRequestExampleReadsEveryField() {
        ExtraHopRequestLog log = assertInstanceOf(ExtraHopRequestLog.class, FORMAT.parse(Documents.extraHopExamples().get(0)));
        assertEquals(302, log.sequence());
        ExtraHopRequest request = log.request();
        assertEquals("POST", request.method());
        assertEquals("appliance.example.extrahop.com", request.host());
        assertEquals("127.0.0.1:1234", request.remoteAddr());
        assertEquals("/api/v1/metrics", request.requestUri());
        assertEquals("TLS1.2", request.tlsVersion());
        assertEquals("HTTP/1.1", request.proto());
        assertEquals(149L, request.contentLength());
        assertEquals(NullNode.getInstance(), request.transferEncoding());
        assertEquals(List.of(), request.transferEncodings());
        assertEquals(Boolean.FALSE, request.close());
        assertEquals(NullNode.getInstance(), request.trailer());
        assertEquals(List.of("Accept", "Content-Length", "Content-Type"), request.header().names());
        assertEquals(List.of("application/json"), request.header().values("content-type"));
        assertEquals(Optional.of("149"), request.header().first("CONTENT-LENGTH"));
        assertEquals("capture", log.requestBody().get("object_type").textValue());
    }

    @Test
    void theResponseExampleReadsEveryField() {
        ExtraHopResponseLog log = assertInstanceOf(ExtraHopResponseLog.class, FORMAT.parse(Documents.extraHopExamples().get(1)));
        assertEquals(302, log.sequence());
        assertEquals(200, log.statusCode());
        assertTrue(log.statusCodeAsText());
        assertEquals(List.of("Accept-Encoding"), log.responseHeaders().values("vary"));
        assertEquals(1678150650000L, log.responseBody().get("clock").longValue());
    }

    @Test
    void aNumericStatusCodeIsWrittenBackAsANumber() {
        ExtraHopResponseLog log = (ExtraHopResponseLog) assertRoundTrip(FORMAT, "{\"sequence\":1,\"response_status_code\":404}");
        assertEquals(404, log.statusCode());
        assertFalse(log.statusCodeAsText());
        assertNull(log.responseHeaders());
        assertNull(log.responseBody());
    }

    @Test
    void transferEncodingAndTrailerAreReadAsAStringAListOrAHeaderMap() {
        String json = "{\"sequence\":7,\"request\":{\"Method\":\"POST\",\"RequestURI\":\"/x\","
                + "\"TransferEncoding\":[\"chunked\"],\"Trailer\":{\"Expires\":null,\"X-Sum\":[\"1\"]}}}";
        ExtraHopRequest request = ((ExtraHopRequestLog) assertRoundTrip(FORMAT, json)).request();
        assertEquals(List.of("chunked"), request.transferEncodings());
        assertEquals(List.of("Expires", "X-Sum"), request.trailerNames());

        String text = "{\"sequence\":7,\"request\":{\"Method\":\"GET\",\"RequestURI\":\"/x\","
                + "\"TransferEncoding\":\"chunked\",\"Trailer\":\"X-Sum\",\"Header\":{\"X-One\":\"single\"}}}";
        ExtraHopRequest second = ((ExtraHopRequestLog) assertRoundTrip(FORMAT, text)).request();
        assertEquals(List.of("chunked"), second.transferEncodings());
        assertEquals(List.of("X-Sum"), second.trailerNames());
        assertEquals(List.of("single"), second.header().values("x-one"));
    }

    @Test
    void unknownFieldsAreKeptEverywhere() {
        String json = "{\"sequence\":9,\"node\":\"sensor-2\",\"request\":{\"Method\":\"GET\",\"RequestURI\":\"/\","
                + "\"Pattern\":\"/\",\"Form\":null},\"request_body\":null}";
        ExtraHopRequestLog log = (ExtraHopRequestLog) assertRoundTrip(FORMAT, json);
        assertEquals("sensor-2", log.extra().get("node").textValue());
        assertEquals(NullNode.getInstance(), log.request().extra().get("Form"));
        assertEquals(NullNode.getInstance(), log.requestBody());
        assertRoundTrip(FORMAT, "{\"sequence\":9,\"response_status_code\":\"201\",\"elapsed_ms\":12,"
                + "\"response_body\":[1,\"two\",{\"three\":3.0}]}");
    }

    @Test
    void aRequestAndItsResponseShareTheSequence() {
        List<ExtraHopLog> logs = Documents.extraHopExamples().stream().map(FORMAT::parse).toList();
        assertEquals(logs.get(0).sequence(), logs.get(1).sequence());
    }

    @Test
    void aRequestBodyOfAnyJsonIsKeptExactly() {
        String json = "{\"sequence\":1,\"request\":{\"Method\":\"PUT\",\"RequestURI\":\"/v\"},"
                + "\"request_body\":{\"big\":123456789012345678901234567890,\"exact\":0.1000,\"s\":\"\\u003c\"}}";
        ExtraHopRequestLog log = (ExtraHopRequestLog) assertRoundTrip(FORMAT, json);
        assertEquals(tree("{\"big\":123456789012345678901234567890,\"exact\":0.1000,\"s\":\"<\"}"), log.requestBody());
        assertEquals(IntNode.valueOf(1).asLong(), log.sequence());
    }
}
