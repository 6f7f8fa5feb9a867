package io.harbour.certs;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The one TLS policy of Harbour's servers and clients: TLS 1.3 and 1.2 only, and for 1.2
 * only ECDHE key exchange with AEAD ciphers, so every session has forward secrecy and no CBC or
 * RSA key transport is ever negotiated. Also chooses the provider: BoringSSL through
 * netty-tcnative when it loads (faster, less garbage), the JDK otherwise.
 */
public final class TlsPolicy {
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** TLS 1.3 suites first (the 1.3 defaults), then the TLS 1.2 suites, strongest-fastest first. */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsPolicy() {
    }

    /** {@link SslProvider#OPENSSL} when netty-tcnative loaded, else {@link SslProvider#JDK}. */
    public static SslProvider preferredProvider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /** For start-up logs: which provider, and for OpenSSL which library and version. */
    public static String describe(SslProvider provider) {
        return switch (provider) {
            case OPENSSL, OPENSSL_REFCNT -> "OpenSSL provider (" + OpenSsl.versionString() + " via netty-tcnative)";
            case JDK -> "JDK provider (" + Runtime.version() + ")"
                    + (OpenSsl.isAvailable() ? "" : "; OpenSSL unavailable: " + OpenSsl.unavailabilityCause());
        };
    }

    /** Server offers {@code h2} then {@code http/1.1}; clients without ALPN still get HTTP/1.1. */
    public static ApplicationProtocolConfig alpnHttp2AndHttp1() {
        // NO_ADVERTISE and ACCEPT are the only behaviours that both JDK and OpenSSL providers support.
        return new ApplicationProtocolConfig(Protocol.ALPN, SelectorFailureBehavior.NO_ADVERTISE,
                SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1);
    }

    /**
     * A server context for {@code material}.
     *
     * @param trustedClientCas CAs whose client certificates are accepted; required unless {@code clientAuth} is NONE
     */
    public static SslContext serverContext(IssuedCertificate material, ClientAuth clientAuth,
                                           List<X509Certificate> trustedClientCas, boolean alpn,
                                           SslProvider provider) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forServer(material.privateKey(), material.chain());
        if (clientAuth != ClientAuth.NONE) {
            if (trustedClientCas.isEmpty()) {
                throw new IllegalArgumentException("client authentication " + clientAuth + " needs trusted client CAs");
            }
            builder.trustManager(trustedClientCas);
        }
        builder.clientAuth(clientAuth);
        if (alpn) {
            builder.applicationProtocolConfig(alpnHttp2AndHttp1());
        }
        return applyPolicy(builder, provider).build();
    }

    static SslContextBuilder applyPolicy(SslContextBuilder builder, SslProvider provider) {
        if (provider != SslProvider.JDK && !OpenSsl.isAvailable()) {
            throw new IllegalStateException("OpenSSL provider requested but unavailable", OpenSsl.unavailabilityCause());
        }
        return builder.sslProvider(provider)
                .protocols(PROTOCOLS)
                // The filter drops suites a provider lacks instead of failing the whole context.
                .ciphers(CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE);
    }
}
