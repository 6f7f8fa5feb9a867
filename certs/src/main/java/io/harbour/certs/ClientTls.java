package io.harbour.certs;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

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
            context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustOnly(trustedCas), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a client SSLContext", e);
        }
    }

    /**
     * Like {@link #jdkContext}, but {@code clientCertificate} (its chain as given, unchecked) is
     * presented whatever issuers the server names, for tests of how a server treats a certificate
     * it should refuse. The JDK's default key manager sends no certificate when the server's list
     * of acceptable CAs does not name its issuer, so a test of a foreign-CA or self-signed
     * certificate would test "no certificate" instead, and prove nothing. Not for production use.
     */
    public static SSLContext jdkContextAlwaysPresenting(List<X509Certificate> trustedCas, IssuedCertificate clientCertificate) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new AlwaysPresenting(clientCertificate)}, trustOnly(trustedCas), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a client SSLContext", e);
        }
    }

    /** Trust managers that trust exactly {@code trustedCas}. */
    private static TrustManager[] trustOnly(List<X509Certificate> trustedCas) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < trustedCas.size(); i++) {
            trust.setCertificateEntry("ca-" + i, trustedCas.get(i));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        return trustManagers.getTrustManagers();
    }

    /** Offers its one certificate for any key type and any issuers; never a server's key manager. */
    private static final class AlwaysPresenting extends X509ExtendedKeyManager {
        private static final String ALIAS = "client";
        private final IssuedCertificate material;

        AlwaysPresenting(IssuedCertificate material) {
            this.material = Objects.requireNonNull(material, "clientCertificate");
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return material.chain().toArray(new X509Certificate[0]);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return material.privateKey();
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
