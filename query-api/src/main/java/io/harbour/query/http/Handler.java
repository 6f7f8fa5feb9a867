package io.harbour.query.http;

import java.io.IOException;

/**
 * What a route does. Runs on a worker thread (never the event loop), so it may block on
 * Elasticsearch. Refusals are {@link ApiException}s; an {@link IOException} means Elasticsearch
 * did not answer and becomes 503 {@code elasticsearch_unavailable} with Retry-After.
 */
@FunctionalInterface
public interface Handler {
    ApiReply handle(ApiRequest request) throws IOException;
}
