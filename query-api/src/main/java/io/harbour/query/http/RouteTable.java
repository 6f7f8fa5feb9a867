package io.harbour.query.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Routes by exact path, then method: a wrong method gets 405 with {@code Allow}, only an unknown
 * path gets 404. A route is one line:
 * <pre>{@code
 * RouteTable routes = RouteTable.builder()
 *         .get("/healthz", inlineHandler, false, true)
 *         .getOrPost("/api/v1/logharbour/getlogs", new GetLogsHandler(...))
 *         .build();
 * }</pre>
 */
public final class RouteTable {

    /** What the table says about a request. */
    public sealed interface Match {
        record Found(Route route) implements Match {
        }

        record WrongMethod(Route route) implements Match {
        }

        record NotFound() implements Match {
        }
    }

    private final Map<String, Route> byPath;

    private RouteTable(Map<String, Route> byPath) {
        this.byPath = Collections.unmodifiableMap(new LinkedHashMap<>(byPath));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code path} without its query string. */
    public Match match(HttpMethod method, String path) {
        Route route = byPath.get(path);
        if (route == null) {
            route = lastSegmentRoute(path);
        }
        if (route == null) {
            return new Match.NotFound();
        }
        return route.methods().contains(method) ? new Match.Found(route) : new Match.WrongMethod(route);
    }

    /**
     * A route registered as {@code /prefix/*} matches {@code /prefix/<one non-empty segment>}: the
     * handler reads the segment from {@link ApiRequest#path()} ({@code /api/v1/logs/ids/{id}}).
     */
    private Route lastSegmentRoute(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0 || slash == path.length() - 1) {
            return null;
        }
        return byPath.get(path.substring(0, slash + 1) + "*");
    }

    public Collection<Route> routes() {
        return byPath.values();
    }

    public static final class Builder {
        private final Map<String, Route> byPath = new LinkedHashMap<>();

        /** An authenticated GET and POST route: the shape of every API call. */
        public Builder getOrPost(String path, Handler handler) {
            return add(new Route(path, Set.of(HttpMethod.GET, HttpMethod.POST), true, false, handler));
        }

        public Builder get(String path, Handler handler, boolean authenticated, boolean inline) {
            return add(new Route(path, Set.of(HttpMethod.GET), authenticated, inline, handler));
        }

        public Builder add(Route route) {
            if (byPath.putIfAbsent(route.path(), route) != null) {
                throw new IllegalArgumentException("two routes for " + route.path());
            }
            return this;
        }

        public RouteTable build() {
            return new RouteTable(byPath);
        }
    }
}
