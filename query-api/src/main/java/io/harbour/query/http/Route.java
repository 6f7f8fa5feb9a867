package io.harbour.query.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One path: the methods it answers, whether it needs a query token, and its handler.
 *
 * @param authenticated the caller must present a query token; the handler then gets it in
 *                      {@link ApiRequest#caller()}
 * @param inline        answered on the event loop: only for handlers that never block
 *                      ({@code /healthz}, {@code /metrics}), so they answer even when every worker is busy
 */
public record Route(String path, Set<HttpMethod> methods, boolean authenticated, boolean inline, Handler handler) {
    public Route {
        methods = Set.copyOf(methods);
    }

    /** The {@code Allow} header: the methods in a stable order, plus OPTIONS (CORS preflight). */
    public String allow() {
        return methods.stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", ")) + ", OPTIONS";
    }

    /** The metrics label: the path itself, which stays readable in dashboards. */
    public String label() {
        return path;
    }
}
