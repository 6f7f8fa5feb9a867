package io.harbour.query.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.harbour.realms.QueryAuthentication;
import io.harbour.realms.QueryScope;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DispatcherTest {
    private static final QueryAuthentication.Accepted ACCEPTED = new QueryAuthentication.Accepted("acme", "t1",
            QueryScope.EVERYTHING_BUT_DEBUG, false);

    private static Route route(boolean authenticated, Handler handler) {
        return new Route("/x", Set.of(io.netty.handler.codec.http.HttpMethod.GET), authenticated, false, handler);
    }

    private final Dispatcher dispatcher = new Dispatcher((header, address) -> "Bearer good".equals(header) ? ACCEPTED
            : new QueryAuthentication.Refused(401, header == null ? "missing_credentials" : "unknown_token", "no"), Duration.ofSeconds(2));

    @Test
    void authenticatedRoutesGetTheCallerOrA401() {
        ApiRequest request = Requests.get("/x");
        ApiReply refused = dispatcher.dispatch(route(true, r -> ApiReply.empty(HttpResponseStatus.OK)), request);
        assertEquals(401, refused.status().code());
        assertEquals("missing_credentials", refused.code());
        assertEquals("Bearer", refused.headers().get("WWW-Authenticate"));
        request.headers().set("Authorization", "Bearer bad");
        assertEquals("unknown_token", dispatcher.dispatch(route(true, r -> ApiReply.empty(HttpResponseStatus.OK)), request).code());
        request.headers().set("Authorization", "Bearer good");
        ApiReply ok = dispatcher.dispatch(route(true, r -> {
            assertSame(ACCEPTED, r.caller());
            return ApiReply.empty(HttpResponseStatus.OK);
        }), request);
        assertEquals(200, ok.status().code());
    }

    @Test
    void outcomesBecomeAnswers() {
        ApiRequest request = Requests.get("/x");
        ApiReply refusal = dispatcher.dispatch(route(false, r -> {
            throw ApiException.badRequest("invalid_days", "ndays", "no");
        }), request);
        assertEquals(400, refusal.status().code());
        assertEquals("{\"error\":{\"code\":\"invalid_days\",\"message\":\"no\",\"field\":\"ndays\"}}", new String(refusal.body()));
        ApiReply away = dispatcher.dispatch(route(false, r -> {
            throw new ConnectException("refused");
        }), request);
        assertEquals(503, away.status().code());
        assertEquals("elasticsearch_unavailable", away.code());
        assertEquals(Duration.ofSeconds(2), away.retryAfter());
        ApiReply bug = dispatcher.dispatch(route(false, r -> {
            throw new IllegalStateException("secret detail");
        }), request);
        assertEquals(500, bug.status().code());
        assertEquals("internal_error", bug.code());
        assertEquals(false, new String(bug.body()).contains("secret detail"));
    }

    @Test
    void busyIs503WithRetryAfter() throws IOException {
        assertEquals(503, dispatcher.busy().status().code());
        assertEquals("busy", dispatcher.busy().code());
        assertEquals(Duration.ofSeconds(2), dispatcher.busy().retryAfter());
    }
}
