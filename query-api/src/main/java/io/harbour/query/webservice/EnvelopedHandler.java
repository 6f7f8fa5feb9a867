package io.harbour.query.webservice;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.query.http.ApiException;
import io.harbour.query.http.ApiReply;
import io.harbour.query.http.ApiRequest;
import io.harbour.query.http.Handler;
import io.harbour.query.http.RequestParameters;
import io.harbour.realms.QueryAuthentication;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A seed-002 or UI call: authenticates the caller itself and answers every refusal, its own or
 * the authentication's, in {@link LogHarbourEnvelope}'s shape. The route is registered as not
 * authenticated only so that the dispatcher does not answer 401 in the other API's shape first;
 * this handler refuses every request without an accepted token ({@code Authorization: Bearer}),
 * so nothing here is ever open.
 */
public final class EnvelopedHandler implements Handler {
    private static final Logger LOG = LoggerFactory.getLogger(EnvelopedHandler.class);

    /** One call: its answer's payload from the accepted caller and the call's parameters. */
    @FunctionalInterface
    public interface Call {
        JsonNode answer(ApiRequest request, QueryAuthentication.Accepted caller, RequestParameters parameters) throws IOException;
    }

    private final BiFunction<String, InetAddress, QueryAuthentication> authenticator;
    private final Call call;
    private final UnaryOperator<JsonNode> wrap;

    /**
     * @param wrap what surrounds a successful payload ({@link LogHarbourEnvelope#success} for the
     *             UI; the identity for seed 002's own shapes)
     */
    public EnvelopedHandler(BiFunction<String, InetAddress, QueryAuthentication> authenticator, Call call, UnaryOperator<JsonNode> wrap) {
        this.authenticator = authenticator;
        this.call = call;
        this.wrap = wrap;
    }

    @Override
    public ApiReply handle(ApiRequest request) {
        QueryAuthentication auth = authenticator.apply(request.headers().get(HttpHeaderNames.AUTHORIZATION), request.remoteAddress());
        if (auth instanceof QueryAuthentication.Refused refused) {
            return LogHarbourEnvelope.error(HttpResponseStatus.valueOf(refused.status()), refused.code(), null, refused.message())
                    .withHeader("WWW-Authenticate", "Bearer");
        }
        try {
            RequestParameters p = CallParameters.read(request);
            return ApiReply.json(wrap.apply(call.answer(request, (QueryAuthentication.Accepted) auth, p)));
        } catch (ApiException refusal) {
            return LogHarbourEnvelope.error(refusal);
        } catch (IOException e) {
            LOG.warn("Elasticsearch did not answer {} {}: {}", request.method(), request.path(), e.toString());
            // Rethrown as the dispatcher's own 503 would lose the envelope; Retry-After as the server's.
            return LogHarbourEnvelope.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "elasticsearch_unavailable", null,
                    "Elasticsearch did not answer: " + e.getMessage()).withRetryAfter(java.time.Duration.ofSeconds(1));
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.method(), request.path(), e);
            return LogHarbourEnvelope.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_error", null,
                    "the query API failed to answer; its log has the reason");
        }
    }
}
