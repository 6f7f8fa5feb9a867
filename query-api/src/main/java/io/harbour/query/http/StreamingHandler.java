package io.harbour.query.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * A route whose successful answer is streamed. {@link #open} runs on a worker thread like any
 * handler and does everything that can still refuse the request (parameters, scope, limits, the
 * first contact with Elasticsearch), so refusals are ordinary JSON errors with their status
 * ({@link ApiException}, or a {@link ReplyException} for a body of its own); once
 * it returns, the status is 200 and the body follows part by part ({@link ResponseStreamer}).
 */
public interface StreamingHandler extends Handler {

    StreamedReply open(ApiRequest request) throws IOException;

    /**
     * The whole body in memory, uncompressed: only for callers without a connection (the
     * server itself always streams a StreamingHandler's answer).
     */
    @Override
    default ApiReply handle(ApiRequest request) throws IOException {
        StreamedReply reply;
        try {
            reply = open(request);
        } catch (ReplyException refusal) {
            return refusal.reply();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BodyStream body = reply.body()) {
            while (body.writeNext(out)) {
                // every part into one buffer
            }
        }
        return new ApiReply(reply.status(), null, out.toByteArray(), reply.contentType(), null, Map.copyOf(reply.headers()));
    }
}
