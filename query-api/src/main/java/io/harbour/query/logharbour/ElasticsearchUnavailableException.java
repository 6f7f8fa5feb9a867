package io.harbour.query.logharbour;

import java.io.IOException;

/**
 * Elasticsearch answered, but with "not now" (429, or a 5xx such as a missing primary): like no
 * answer at all, the caller gets 503 with Retry-After.
 */
final class ElasticsearchUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    ElasticsearchUnavailableException(String message) {
        super(message);
    }
}
