package io.harbour.query.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CorsTest {
    private final Cors cors = new Cors(List.of("http://localhost:4200"));
    private final Route route = new Route("/api/v1/logharbour/getlogs", Set.of(HttpMethod.GET, HttpMethod.POST), true, false,
            r -> ApiReply.empty(HttpResponseStatus.OK));

    private static HttpHeaders headers(String origin, String method) {
        HttpHeaders h = new DefaultHttpHeaders();
        if (origin != null) {
            h.set("Origin", origin);
        }
        if (method != null) {
            h.set("Access-Control-Request-Method", method);
        }
        return h;
    }

    @Test
    void aPreflightFromAConfiguredOriginIsAnswered() {
        ApiReply r = cors.preflight(route, headers("http://localhost:4200", "POST"));
        assertEquals(204, r.status().code());
        assertEquals("http://localhost:4200", r.headers().get("Access-Control-Allow-Origin"));
        assertEquals("GET, POST, OPTIONS", r.headers().get("Access-Control-Allow-Methods"));
        assertEquals("Authorization, Content-Type", r.headers().get("Access-Control-Allow-Headers"));
    }

    @Test
    void otherOriginsAndMethodsAreRefused() {
        assertEquals("cors_origin_not_allowed", cors.preflight(route, headers("http://localhost:4201", "POST")).code());
        assertEquals(405, cors.preflight(route, headers("http://localhost:4200", "DELETE")).status().code());
        assertEquals(204, cors.preflight(route, headers(null, null)).status().code());
        assertFalse(cors.preflight(route, headers(null, null)).headers().containsKey("Access-Control-Allow-Origin"));
    }

    @Test
    void answersCarryTheOriginOnlyForConfiguredOrigins() {
        ApiReply plain = ApiReply.empty(HttpResponseStatus.OK);
        assertEquals("http://localhost:4200", cors.decorate(plain, "http://localhost:4200").headers().get("Access-Control-Allow-Origin"));
        assertEquals(plain, cors.decorate(plain, "https://evil.example"));
        assertEquals(plain, cors.decorate(plain, null));
    }
}
