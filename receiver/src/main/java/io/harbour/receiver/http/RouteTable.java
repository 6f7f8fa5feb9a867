package io.harbour.receiver.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds the route of a request by exact path, then checks the method, so a wrong method gets 405
 * with {@code Allow} and only an unknown path gets 404. Paths match exactly (no trailing-slash
 * folding): senders are machines configured once.
 */
final class RouteTable {

    /** What the table says about a request. */
    sealed interface Match {
        record Found(Route route) implements Match {
        }

        record WrongMethod(Route route) implements Match {
        }

        record NotFound() implements Match {
        }
    }

    private static final Map<String, Route> BY_PATH = new HashMap<>();

    static {
        for (Route route : Route.values()) {
            BY_PATH.put(route.path(), route);
        }
    }

    private RouteTable() {
    }

    /** {@code path} without its query string. */
    static Match match(HttpMethod method, String path) {
        Route route = BY_PATH.get(path);
        if (route == null) {
            return new Match.NotFound();
        }
        return route.method().equals(method) ? new Match.Found(route) : new Match.WrongMethod(route);
    }
}
