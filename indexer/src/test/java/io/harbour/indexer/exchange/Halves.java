package io.harbour.indexer.exchange;

import io.harbour.layout.MalformedRecordException;
import io.harbour.layout.RecordContext;
import io.harbour.layout.Times;
import io.harbour.layout.exchange.ExchangeHalf;
import io.harbour.model.LogKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** ExtraHop halves as the joiner gets them: a record context and a body. */
final class Halves {
    static final String TOPIC = "harbour.extrahop";
    static final int PARTITION = 2;
    static final String REALM = "acme";
    static final String SENSOR = "cert:CN=sensor-1";
    static final Instant T0 = Instant.parse("2024-05-06T12:00:00Z");

    private Halves() {
    }

    static RecordContext context(String realm, String sensor, long offset, Instant received) {
        return new RecordContext(TOPIC, PARTITION, offset, LogKind.EXTRAHOP, realm, Times.nanos(received),
                "192.0.2.7", sensor, "RECEIPT" + offset);
    }

    /** A request log; {@code marker} changes its bytes (another request), the same marker repeats them (a resend). */
    static byte[] requestBody(long sequence, String marker) {
        return ("{\"sequence\":" + sequence + ",\"request\":{\"Method\":\"POST\",\"Host\":\"appliance.example\","
                + "\"RemoteAddr\":\"127.0.0.1:" + (40000 + Math.abs(marker.hashCode() % 20000)) + "\",\"RequestURI\":\"/api/v1/metrics?m="
                + marker + "\",\"Header\":{\"Accept\":[\"application/json\"]}},\"request_body\":{\"cycle\":\"30sec\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] responseBody(long sequence, int status, String marker) {
        return ("{\"sequence\":" + sequence + ",\"response_status_code\":\"" + status + "\",\"response_headers\":"
                + "{\"Content-Type\":[\"application/json\"]},\"response_body\":{\"m\":\"" + marker + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static ExchangeHalf request(long sequence, long offset, Instant received, String marker) {
        return read(context(REALM, SENSOR, offset, received), requestBody(sequence, marker));
    }

    static ExchangeHalf response(long sequence, long offset, Instant received, String marker) {
        return read(context(REALM, SENSOR, offset, received), responseBody(sequence, 200, marker));
    }

    static ExchangeHalf read(RecordContext ctx, byte[] body) {
        try {
            return ExchangeHalf.read(ctx, body);
        } catch (MalformedRecordException e) {
            throw new AssertionError(e);
        }
    }
}
