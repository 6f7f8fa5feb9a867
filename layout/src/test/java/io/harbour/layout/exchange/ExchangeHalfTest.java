package io.harbour.layout.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.MalformedRecordException;
import io.harbour.layout.Records;
import io.harbour.model.LogKind;
import org.junit.jupiter.api.Test;

class ExchangeHalfTest {

    @Test
    void aRequestLogBecomesTheRequestHalfWithItsSearchableFields() throws Exception {
        ExchangeHalf h = ExchangeHalf.read(Records.context(LogKind.EXTRAHOP, 4), Records.resource("extrahop-request.json"));
        assertEquals(HalfKind.REQUEST, h.kind());
        assertEquals(302, h.sequence());
        assertEquals("key:sensor-1", h.sensor());
        assertEquals(4, h.offset());
        ObjectNode f = h.fields();
        assertEquals("POST", f.get("method").asText());
        assertEquals("/api/v1/metrics?cycle=30sec", f.get("uri").asText());
        assertEquals("/api/v1/metrics", f.get("path").asText());
        assertEquals("appliance.example.extrahop.com", f.get("host").asText());
        assertEquals("TLS1.2", f.get("tls_version").asText());
        assertEquals(149, f.get("content_length").asLong());
        assertEquals("[\"application/json\"]", f.at("/headers/Accept").toString());
        assertEquals("net", f.at("/body/metric_category").asText());
        assertEquals("/api/v1/", f.at("/extra/request/Pattern").asText());
        assertEquals(7, f.at("/extra/appliance_id").asInt());
        assertEquals("2024-05-06T15:30:00Z", f.get("received_at").asText());
        assertEquals(h.sha256(), f.get("log_sha256").asText());
    }

    @Test
    void aResponseLogBecomesTheResponseHalfWithANumericStatusAndItsClass() throws Exception {
        ExchangeHalf h = ExchangeHalf.read(Records.context(LogKind.EXTRAHOP, 5), Records.resource("extrahop-response.json"));
        assertEquals(HalfKind.RESPONSE, h.kind());
        assertEquals(200, h.fields().get("status_code").asInt());
        assertEquals("2xx", h.fields().get("status_class").asText());
        assertEquals(30000, h.fields().at("/body/stats/0/duration").asInt());
        ExchangeHalf error = ExchangeHalf.read(Records.context(LogKind.EXTRAHOP, 6),
                Records.bytes("{\"sequence\":1,\"response_status_code\":503}"));
        assertEquals("5xx", error.fields().get("status_class").asText());
    }

    @Test
    void theFingerprintIsOfTheBytesSoOnlyTheSameLogMatches() throws Exception {
        byte[] body = Records.resource("extrahop-response.json");
        ExchangeHalf a = ExchangeHalf.read(Records.context(LogKind.EXTRAHOP, 5), body);
        ExchangeHalf b = ExchangeHalf.read(Records.context(LogKind.EXTRAHOP, 9), body.clone());
        assertEquals(a.sha256(), b.sha256());
        String other = new String(body, java.nio.charset.StandardCharsets.UTF_8).replace("1260", "1261");
        assertNotEquals(a.sha256(), ExchangeHalf.read(Records.context(LogKind.EXTRAHOP, 5), Records.bytes(other)).sha256());
    }

    @Test
    void whatIsNotAnExtraHopLogIsMalformed() {
        assertThrows(MalformedRecordException.class, () -> ExchangeHalf.read(Records.context(LogKind.EXTRAHOP, 1),
                Records.bytes("{\"sequence\":1}")));
        assertThrows(MalformedRecordException.class, () -> ExchangeHalf.read(
                Records.context(LogKind.EXTRAHOP, null, 1, Records.RECEIVED), Records.resource("extrahop-response.json")));
    }
}
