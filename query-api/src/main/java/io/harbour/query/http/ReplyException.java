package io.harbour.query.http;

/**
 * A refusal from a {@link StreamingHandler} whose answer is more than {@link ApiException}'s
 * {@code {"error":..}} (export's 409 carries the watermark beside it): the handler builds the
 * reply, the server sends it as it is. Like ApiException, an answer, not a bug: no stack trace.
 */
public final class ReplyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ApiReply reply;

    public ReplyException(ApiReply reply) {
        super(reply.code(), null, false, false);
        this.reply = reply;
    }

    public ApiReply reply() {
        return reply;
    }
}
