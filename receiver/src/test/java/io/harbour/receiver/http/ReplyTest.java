package io.harbour.receiver.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.harbour.model.Problem;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyTest {

    @Test
    void errorsHaveOneShapeWithEveryProblemAsLineFieldAndReason() {
        Reply reply = Reply.error(HttpResponseStatus.BAD_REQUEST, "invalid_batch", "bad",
                List.of(new Problem(3, "pri", "unknown priority \"Urgent\""), new Problem(4, "", "malformed JSON")));
        assertEquals("{\"error\":{\"code\":\"invalid_batch\",\"message\":\"bad\",\"problems\":["
                + "{\"line\":3,\"field\":\"pri\",\"reason\":\"unknown priority \\\"Urgent\\\"\"},"
                + "{\"line\":4,\"field\":\"\",\"reason\":\"malformed JSON\"}]}}", new String(reply.body(), StandardCharsets.UTF_8));
    }

    @Test
    void partialAnswersListRejectedProblemsEvenWhenThereAreNone() {
        assertEquals("{\"accepted\":3,\"rejected\":[],\"receipt\":\"R\"}",
                new String(Reply.accepted(3, "R", List.of(), true).body(), StandardCharsets.UTF_8));
        assertEquals("{\"accepted\":3,\"receipt\":\"R\"}", new String(Reply.accepted(3, "R", List.of(), false).body(), StandardCharsets.UTF_8));
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndNeverZero() {
        assertEquals("1", header(Duration.ofMillis(1)));
        assertEquals("2", header(Duration.ofMillis(1001)));
        assertEquals("1", header(Duration.ZERO));
        FullHttpResponse none = Reply.error(HttpResponseStatus.NOT_FOUND, "not_found", "x").toResponse(HttpVersion.HTTP_1_1);
        assertNull(none.headers().get("Retry-After"));
        none.release();
    }

    private static String header(Duration retryAfter) {
        FullHttpResponse r = Reply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "x", "y").withRetryAfter(retryAfter)
                .toResponse(HttpVersion.HTTP_1_1);
        try {
            return r.headers().get("Retry-After");
        } finally {
            r.release();
        }
    }
}
