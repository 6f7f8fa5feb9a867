package io.harbour.query.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Cross-origin calls from browsers (the LogHarbour UI runs on its own origin): preflights
 * ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) and the
 * {@code Access-Control-Allow-Origin} of actual answers, for the configured origins only. The
 * token travels in {@code Authorization}, never in cookies, so credentials mode is not offered.
 */
public final class Cors {
    /** How long a browser may reuse a preflight answer (seconds). */
    static final String MAX_AGE = "600";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type";

    private final Set<String> allowedOrigins;

    public Cors(List<String> allowedOrigins) {
        this.allowedOrigins = new LinkedHashSet<>(allowedOrigins);
    }

    public boolean allows(String origin) {
        return origin != null && allowedOrigins.contains(origin);
    }

    /**
     * The answer to {@code OPTIONS} on an existing route: a preflight from an allowed origin for
     * a method the route has gets 204 with the CORS headers; from any other origin 403
     * {@code cors_origin_not_allowed}, for a method the route lacks 405; an OPTIONS that is not a
     * preflight (no Origin) 204 with {@code Allow}.
     */
    public ApiReply preflight(Route route, HttpHeaders headers) {
        String origin = headers.get(HttpHeaderNames.ORIGIN);
        if (origin == null) {
            return ApiReply.empty(HttpResponseStatus.NO_CONTENT).withHeader("Allow", route.allow());
        }
        if (!allows(origin)) {
            return ApiReply.error(HttpResponseStatus.FORBIDDEN, "cors_origin_not_allowed",
                    "origin " + origin + " is not in cors.allowed_origins", null);
        }
        String wanted = headers.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
        if (wanted != null && !route.methods().contains(HttpMethod.valueOf(wanted))) {
            return ApiReply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    route.path() + " answers " + route.allow(), null).withHeader("Allow", route.allow());
        }
        return ApiReply.empty(HttpResponseStatus.NO_CONTENT)
                .withHeader("Access-Control-Allow-Origin", origin)
                .withHeader("Access-Control-Allow-Methods", route.allow())
                .withHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                .withHeader("Access-Control-Max-Age", MAX_AGE)
                .withHeader("Vary", "Origin");
    }

    /** An actual answer to a browser: allowed origins may read it (and its Retry-After). */
    public ApiReply decorate(ApiReply reply, String origin) {
        if (!allows(origin) || reply.headers().containsKey("Access-Control-Allow-Origin")) {
            return reply;
        }
        return reply.withHeader("Access-Control-Allow-Origin", origin)
                .withHeader("Access-Control-Expose-Headers", "Retry-After")
                .withHeader("Vary", "Origin");
    }
}
