package io.harbour.certs;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * Client-side contexts that trust only the given CAs (never the JDK's public roots) and optionally
 * present a client certificate: for tests, sensors and the Java client library.
 */
public final class ClientTls {
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    private ClientTls() {
    }

    /** For {@code java.net.http.HttpClient} or {@code SSLSocket}; {@code clientCertificate} may be null. */
    public static SSLContext jdkContext(List<X509Certificate> trustedCas, IssuedCertificate clientCertificate) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < trustedCas.size(); i++) {
                trust.setCertificateEntry("ca-" + i, trustedCas.get(i));
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            KeyManagerFactory keyManagers = null;
            if (clientCertificate != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("client", clientCertificate.privateKey(), IN_MEMORY_PASSWORD,
                        clientCertificate.chain().toArray(new Certificate[0]));
                keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(keys, IN_MEMORY_PASSWORD);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a client SSLContext", e);
        }
    }

    /** {@link TlsPolicy}'s protocols and suites, for {@code HttpClient.Builder.sslParameters}. */
    public static SSLParameters jdkParameters(SSLContext context) {
        List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getCipherSuites());
        SSLParameters parameters = new SSLParameters(
                TlsPolicy.CIPHER_SUITES.stream().filter(supported::contains).toArray(String[]::new),
                TlsPolicy.PROTOCOLS.toArray(new String[0]));
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }

    /**
     * A Netty client context; use {@code newHandler(alloc, host, port)} so that SNI is sent and
     * the host name is checked against the server certificate.
     */
    public static SslContext nettyContext(List<X509Certificate> trustedCas, IssuedCertificate clientCertificate,
                                          SslProvider provider) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forClient()
                .trustManager(trustedCas)
                .endpointIdentificationAlgorithm("HTTPS");
        if (clientCertificate != null) {
            builder.keyManager(clientCertificate.privateKey(), clientCertificate.chain());
        }
        return TlsPolicy.applyPolicy(builder, provider).build();
    }
}
