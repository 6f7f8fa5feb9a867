package io.harbour.receiver.http;

import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;

/**
 * What the connection says about a sender: the subject of its client certificate and its address.
 * An HTTP/2 stream asks its parent connection, which holds the TLS session and the socket.
 */
final class ClientCertificates {
    private static final AttributeKey<Optional<String>> SUBJECT = AttributeKey.valueOf(ClientCertificates.class, "subject");

    private ClientCertificates() {
    }

    /**
     * The RFC 2253 subject of the client's certificate, or null without one. The TLS engine has
     * already verified it against the configured client CAs (an untrusted certificate fails the
     * handshake), so a subject here is a verified one.
     */
    static String subject(Channel channel) {
        // Once per connection: a TLS session's peer never changes (renegotiation is refused), and asking a session
        // without a client certificate throws SSLPeerUnverifiedException, whose stack trace was measurable CPU
        // on every request of a keep-alive connection (perf, benchmark (a)).
        Channel connection = connection(channel);
        Optional<String> known = connection.attr(SUBJECT).get();
        if (known == null) {
            known = Optional.ofNullable(peerSubject(connection));
            connection.attr(SUBJECT).set(known);
        }
        return known.orElse(null);
    }

    private static String peerSubject(Channel connection) {
        SslHandler ssl = connection.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return null;
        }
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
                return leaf.getSubjectX500Principal().getName(X500Principal.RFC2253);
            }
            return null;
        } catch (SSLPeerUnverifiedException noCertificate) {
            return null;
        }
    }

    /** The peer's IP address, or null when the channel has none (an in-memory test channel). */
    static InetAddress remoteAddress(Channel channel) {
        return connection(channel).remoteAddress() instanceof InetSocketAddress socket ? socket.getAddress() : null;
    }

    private static Channel connection(Channel channel) {
        return channel instanceof Http2StreamChannel && channel.parent() != null ? channel.parent() : channel;
    }
}
