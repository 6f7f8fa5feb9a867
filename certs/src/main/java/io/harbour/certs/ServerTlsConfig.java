package io.harbour.certs;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A server's TLS settings as files on disk plus choices: its key material, whether and whom it
 * asks for client certificates, ALPN, and the provider. Immutable; {@code with...} returns a copy.
 * {@link #buildContext()} reads the files every time, which is what reloading relies on.
 */
public final class ServerTlsConfig {
    private final KeyMaterialFiles keyMaterial;
    private final ClientAuth clientAuth;
    private final Path clientCaBundle;
    private final boolean alpn;
    private final SslProvider provider;

    private ServerTlsConfig(KeyMaterialFiles keyMaterial, ClientAuth clientAuth, Path clientCaBundle,
                            boolean alpn, SslProvider provider) {
        this.keyMaterial = Objects.requireNonNull(keyMaterial, "keyMaterial");
        this.clientAuth = Objects.requireNonNull(clientAuth, "clientAuth");
        this.clientCaBundle = clientCaBundle;
        this.alpn = alpn;
        this.provider = Objects.requireNonNull(provider, "provider");
        if (clientAuth != ClientAuth.NONE && clientCaBundle == null) {
            throw new IllegalArgumentException("client authentication " + clientAuth + " needs a client CA bundle");
        }
    }

    /** No client authentication, no ALPN, the preferred provider. */
    public static ServerTlsConfig of(KeyMaterialFiles keyMaterial) {
        return new ServerTlsConfig(keyMaterial, ClientAuth.NONE, null, false, TlsPolicy.preferredProvider());
    }

    /** Asks for (OPTIONAL) or demands (REQUIRE) client certificates issued by a CA in {@code caBundle}. */
    public ServerTlsConfig withClientAuth(ClientAuth mode, Path caBundle) {
        return new ServerTlsConfig(keyMaterial, mode, mode == ClientAuth.NONE ? null : caBundle, alpn, provider);
    }

    /** Negotiates {@code h2} or {@code http/1.1} by ALPN; the pipeline must then branch on the result. */
    public ServerTlsConfig withAlpn(boolean enabled) {
        return new ServerTlsConfig(keyMaterial, clientAuth, clientCaBundle, enabled, provider);
    }

    /** Overrides the provider choice, e.g. to force JDK for a comparison. */
    public ServerTlsConfig withProvider(SslProvider sslProvider) {
        return new ServerTlsConfig(keyMaterial, clientAuth, clientCaBundle, alpn, sslProvider);
    }

    public KeyMaterialFiles keyMaterial() {
        return keyMaterial;
    }

    public ClientAuth clientAuth() {
        return clientAuth;
    }

    public boolean alpn() {
        return alpn;
    }

    /** The provider contexts are built with; see {@link TlsPolicy#describe(SslProvider)}. */
    public SslProvider provider() {
        return provider;
    }

    /** Every file a context depends on: a change to any of them calls for a rebuild. */
    public List<Path> files() {
        List<Path> files = new ArrayList<>(keyMaterial.paths());
        if (clientCaBundle != null) {
            files.add(clientCaBundle);
        }
        return List.copyOf(files);
    }

    /** Reads the files and builds a fresh context; fails with a message naming the bad file. */
    public SslContext buildContext() throws IOException {
        return buildContext(keyMaterial.load());
    }

    /** For callers that already loaded (and want to log) the key material. */
    SslContext buildContext(IssuedCertificate material) throws IOException {
        List<X509Certificate> trusted = clientCaBundle == null ? List.of() : PemFiles.readCertificates(clientCaBundle);
        return TlsPolicy.serverContext(material, clientAuth, trusted, alpn, provider);
    }

    @Override
    public String toString() {
        return "ServerTlsConfig[" + keyMaterial + ", clientAuth " + clientAuth
                + (clientCaBundle == null ? "" : " trusting " + clientCaBundle) + ", alpn " + alpn + ", " + provider + "]";
    }
}
