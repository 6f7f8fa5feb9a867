package io.harbour.query.webservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.harbour.query.http.ApiException;
import io.harbour.query.http.ApiRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallParametersTest {
    static ApiRequest post(String body) {
        DefaultHttpHeaders headers = new DefaultHttpHeaders();
        headers.set("Content-Type", "application/json");
        return new ApiRequest(HttpMethod.POST, "/api/v1/ws/activitylog", Map.of(), headers, body.getBytes(StandardCharsets.UTF_8),
                InetAddress.getLoopbackAddress(), null);
    }

    @Test
    void plainAndWrappedBodiesReadTheSame() {
        Map<String, String> plain = CallParameters.read(post("{\"app\":\"shop\",\"days\":7}")).asMap();
        Map<String, String> wrapped = CallParameters.read(post("{\"data\":{\"app\":\"shop\",\"days\":7}}")).asMap();
        assertEquals(Map.of("app", "shop", "days", "7"), plain);
        assertEquals(plain, wrapped);
    }

    @Test
    void emptyStringsAndNullsAreLeftOut() {
        // The UI sends "" for filters left unset.
        assertEquals(Map.of("app", "shop"), CallParameters.read(post("{\"data\":{\"app\":\"shop\",\"who\":\"\",\"class\":null}}")).asMap());
        assertEquals(Map.of(), CallParameters.read(post("")).asMap());
    }

    @Test
    void aDataMemberBesideOthersIsNotAWrapper() {
        ApiException e = assertThrows(ApiException.class, () -> CallParameters.read(post("{\"app\":\"shop\",\"data\":{\"days\":7}}")));
        assertEquals("invalid_parameter", e.code());
        assertEquals("data", e.field());
    }

    @Test
    void notJsonOrNotAnObjectIsMalformed() {
        assertEquals("malformed_json", assertThrows(ApiException.class, () -> CallParameters.read(post("{app"))).code());
        assertEquals("malformed_json", assertThrows(ApiException.class, () -> CallParameters.read(post("[1]"))).code());
    }

    @Test
    void anotherContentTypeIs415() {
        DefaultHttpHeaders headers = new DefaultHttpHeaders();
        headers.set("Content-Type", "text/plain");
        ApiRequest r = new ApiRequest(HttpMethod.POST, "/x", Map.of(), headers, "{}".getBytes(StandardCharsets.UTF_8),
                InetAddress.getLoopbackAddress(), null);
        assertEquals(415, assertThrows(ApiException.class, () -> CallParameters.read(r)).status().code());
    }
}
