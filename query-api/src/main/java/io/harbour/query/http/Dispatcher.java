package io.harbour.query.http;

import io.harbour.realms.QueryAuthentication;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one routed request: authentication on routes that need it, then the handler, and turns
 * every outcome into an answer: refusals into their JSON error, Elasticsearch not answering into
 * 503 with Retry-After, anything unexpected into 500 {@code internal_error} (logged with its
 * stack, never shown to the caller). No sockets: tested directly.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final BiFunction<String, java.net.InetAddress, QueryAuthentication> authenticator;
    private final Duration retryAfter;

    /** @param authenticator the Authorization header and caller address to a token's realm and scope */
    public Dispatcher(BiFunction<String, java.net.InetAddress, QueryAuthentication> authenticator, Duration retryAfter) {
        this.authenticator = authenticator;
        this.retryAfter = retryAfter;
    }

    /**
     * The authenticator itself, for handlers that authenticate on their own so that a refusal
     * comes in their own envelope (the LogHarbour-shaped routes of {@code io.harbour.query.webservice}
     * and {@code io.harbour.query.ui}).
     */
    public BiFunction<String, java.net.InetAddress, QueryAuthentication> authenticator() {
        return authenticator;
    }

    public ApiReply dispatch(Route route, ApiRequest request) {
        try {
            ApiRequest ready = request;
            if (route.authenticated()) {
                QueryAuthentication auth = authenticator.apply(request.headers().get(HttpHeaderNames.AUTHORIZATION), request.remoteAddress());
                if (auth instanceof QueryAuthentication.Refused refused) {
                    return ApiReply.error(HttpResponseStatus.valueOf(refused.status()), refused.code(), refused.message(), null)
                            .withHeader("WWW-Authenticate", "Bearer");
                }
                ready = request.withCaller((QueryAuthentication.Accepted) auth);
            }
            return route.handler().handle(ready);
        } catch (ApiException refusal) {
            return refusal.toReply();
        } catch (IOException e) {
            LOG.warn("Elasticsearch did not answer {} {}: {}", request.method(), route.path(), e.toString());
            return unavailable("Elasticsearch did not answer: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.method(), route.path(), e);
            return ApiReply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_error",
                    "the query API failed to answer; its log has the reason", null);
        }
    }

    public ApiReply unavailable(String message) {
        return ApiReply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "elasticsearch_unavailable", message, null)
                .withRetryAfter(retryAfter);
    }

    public ApiReply busy() {
        return ApiReply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy",
                "every query worker is busy and the queue is full; retry shortly", null).withRetryAfter(retryAfter);
    }
}
