package io.harbour.query.http;

import io.harbour.realms.QueryAuthentication;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * A request as a handler sees it: already routed, its body complete (bounded by
 * {@code http.max_body_bytes}), and on an authenticated route its caller resolved.
 *
 * @param query  the decoded query string, each name with its values in order
 * @param caller the accepted token on authenticated routes; null elsewhere
 */
public record ApiRequest(HttpMethod method, String path, Map<String, List<String>> query, HttpHeaders headers, byte[] body,
                         InetAddress remoteAddress, QueryAuthentication.Accepted caller) {

    public ApiRequest withCaller(QueryAuthentication.Accepted accepted) {
        return new ApiRequest(method, path, query, headers, body, remoteAddress, accepted);
    }
}
