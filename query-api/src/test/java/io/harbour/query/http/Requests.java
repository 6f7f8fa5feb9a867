package io.harbour.query.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/** ApiRequests for tests, without sockets. */
final class Requests {
    private Requests() {
    }

    static ApiRequest get(String uri) {
        QueryStringDecoder d = new QueryStringDecoder(uri);
        return new ApiRequest(HttpMethod.GET, d.path(), d.parameters(), new DefaultHttpHeaders(), new byte[0],
                InetAddress.getLoopbackAddress(), null);
    }

    static ApiRequest post(String uri, String contentType, String body) {
        QueryStringDecoder d = new QueryStringDecoder(uri);
        HttpHeaders headers = new DefaultHttpHeaders();
        if (contentType != null) {
            headers.set("Content-Type", contentType);
        }
        return new ApiRequest(HttpMethod.POST, d.path(), d.parameters(), headers, body.getBytes(StandardCharsets.UTF_8),
                InetAddress.getLoopbackAddress(), null);
    }
}
