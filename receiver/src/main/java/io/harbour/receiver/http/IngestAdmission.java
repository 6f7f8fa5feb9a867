package io.harbour.receiver.http;

import io.harbour.realms.Authentication;
import io.harbour.realms.SenderCredentials;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything an ingest request must pass on its headers alone, in the order a sender fixes
 * them: who it is (401, 403), what it sends (415 for the media type or the coding, 400 for a bad
 * {@code partial}), how much (413 on a declared Content-Length) and whether the server has room
 * (429). A request that passes gets its body buffer, its share of the in-flight budget and its
 * receipt id.
 */
final class IngestAdmission {
    private static final Logger LOG = LoggerFactory.getLogger(IngestAdmission.class);

    sealed interface Decision {
        record Admitted(IngestRequest request, BodyBuffer body) implements Decision {
        }

        /** {@code close}: the connection must not be reused (the body may be arriving and is not wanted). */
        record Refused(Reply reply, boolean close) implements Decision {
        }
    }

    private final ReceiverContext context;
    /** The last sender address and its text: one admission serves one connection, so it rarely changes. */
    private InetAddress lastAddress;
    private String lastAddressText = "";

    IngestAdmission(ReceiverContext context) {
        this.context = context;
    }

    Decision admit(Channel channel, HttpRequest request, QueryStringDecoder uri, Route route, Instant arrival) {
        InetAddress address = ClientCertificates.remoteAddress(channel);
        Authentication authentication = authenticate(channel, request, address);
        if (authentication instanceof Authentication.Refused refused) {
            return refuse(Reply.error(HttpResponseStatus.valueOf(refused.status()), refused.code(), refused.message()));
        }
        Authentication.Accepted accepted = (Authentication.Accepted) authentication;
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (!MediaTypes.isReadable(contentType)) {
            return refuse(Reply.error(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "Content-Type " + contentType + " is not read here; send one of " + MediaTypes.READABLE));
        }
        String coding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        Optional<ContentEncoding> encoding = ContentEncoding.parse(coding);
        if (encoding.isEmpty()) {
            return refuse(Reply.error(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_content_encoding",
                    "Content-Encoding " + coding + " is not read here; send gzip or none"));
        }
        Boolean partial = partial(uri);
        if (partial == null) {
            return refuse(Reply.error(HttpResponseStatus.BAD_REQUEST, "invalid_parameter", "partial must be true or false"));
        }
        ReceiverHttpSettings settings = context.settings();
        InFlightBudget.Reservation reservation = context.budget().open();
        BodyBuffer body;
        try {
            body = new BodyBuffer(HttpUtil.getContentLength(request, -1L), settings.maxBodyBytes(), "body", reservation,
                    settings.retryAfter());
        } catch (HttpRefusal refusal) {
            reservation.close();
            // The body may be arriving already: cut it off rather than read what will be thrown away.
            return new Decision.Refused(Reply.from(refusal), true);
        }
        Sender sender = new Sender(accepted.realm(), accepted.identity(), addressText(address),
                epochNanos(arrival), ReceiptIds.next(arrival.toEpochMilli()));
        return new Decision.Admitted(new IngestRequest(route, encoding.get(), partial, sender, reservation), body);
    }

    private String addressText(InetAddress address) {
        if (address == null) {
            return "";
        }
        if (!address.equals(lastAddress)) {
            lastAddressText = address.getHostAddress();
            lastAddress = address;
        }
        return lastAddressText;
    }

    private Authentication authenticate(Channel channel, HttpRequest request, InetAddress address) {
        SenderCredentials credentials = new SenderCredentials(
                request.headers().get(HttpHeaderNames.AUTHORIZATION),
                request.headers().get("X-Harbour-Key"),
                ClientCertificates.subject(channel),
                address);
        try {
            return context.authentication().authenticate(credentials);
        } catch (RuntimeException e) {
            LOG.error("authentication failed unexpectedly", e);
            return new Authentication.Refused(503, "authentication_unavailable", "the sender could not be authenticated; retry later");
        }
    }

    private static Decision refuse(Reply reply) {
        return new Decision.Refused(reply, false);
    }

    /** {@code partial=true|false} (or 1|0); null for anything else, so a typo is not silently all-or-nothing. */
    private static Boolean partial(QueryStringDecoder uri) {
        List<String> values = uri.parameters().get("partial");
        if (values == null || values.isEmpty()) {
            return Boolean.FALSE;
        }
        return switch (values.get(values.size() - 1)) {
            case "true", "1", "" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static long epochNanos(Instant instant) {
        return TimeUnit.SECONDS.toNanos(instant.getEpochSecond()) + instant.getNano();
    }
}
