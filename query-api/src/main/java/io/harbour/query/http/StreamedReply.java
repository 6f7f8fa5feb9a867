package io.harbour.query.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/**
 * A successful answer whose body is streamed: the status and headers leave first, then the parts
 * of {@link #body()}.
 *
 * @param gzip compress the body as it streams ({@code Content-Encoding: gzip}); the handler decides
 *             from the request's {@code Accept-Encoding}
 */
public record StreamedReply(HttpResponseStatus status, String contentType, Map<String, String> headers, BodyStream body,
                            boolean gzip) {
    public StreamedReply {
        headers = Map.copyOf(headers);
    }
}
