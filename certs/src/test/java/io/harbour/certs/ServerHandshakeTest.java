package io.harbour.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(60)
class ServerHandshakeTest {
    @TempDir
    static Path dir;
    static CertificateDirectory files;
    static CertificateAuthority ca;

    @BeforeAll
    static void issueServerCertificate() throws IOException {
        files = CertificateDirectory.at(dir);
        ca = files.createCa("CN=Harbour Test CA,O=Harbour");
        files.write("server", ca.issueServer("localhost", "localhost", "127.0.0.1", "::1"), null);
    }

    private static SslContext serverContext(SslProvider provider, boolean alpn) throws IOException {
        return ServerTlsConfig.of(files.keyMaterial("server")).withProvider(provider).withAlpn(alpn).buildContext();
    }

    static List<SslProvider> providers() {
        return TlsProbes.providers().toList();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void opensslVerifiesTheServerChainAgainstTheCa(SslProvider provider) throws Exception {
        try (TestHttpsServer server = TestHttpsServer.start(serverContext(provider, false))) {
            TlsProbes.ProcessResult result = TlsProbes.openssl("s_client", "-connect", "127.0.0.1:" + server.port(),
                    "-verify_return_error", "-CAfile", files.certificate(CertificateDirectory.CA).toString(),
                    "-servername", "localhost");
            assertEquals(0, result.exitCode(), result.output());
            assertTrue(result.output().contains("Verify return code: 0 (ok)"), result.output());
            assertTrue(server.nextHandshake().isSuccess());
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void jdkHttpClientTrustingOnlyTheCaGets200(SslProvider provider) throws Exception {
        try (TestHttpsServer server = TestHttpsServer.start(serverContext(provider, false))) {
            HttpResponse<String> response = TlsProbes.get(ClientTls.jdkContext(List.of(ca.certificate()), null), server.port());
            assertEquals(200, response.statusCode());
            assertEquals("ok anonymous\n", response.body());
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void jdkHttpClientNotTrustingTheCaIsRefused(SslProvider provider) throws Exception {
        CertificateAuthority stranger = CertificateAuthority.create("CN=Some Other CA");
        try (TestHttpsServer server = TestHttpsServer.start(serverContext(provider, false))) {
            assertThrows(SSLHandshakeException.class,
                    () -> TlsProbes.get(ClientTls.jdkContext(List.of(stranger.certificate()), null), server.port()));
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void alpnNegotiatesH2WhenEnabledAndNothingWhenNot(SslProvider provider) throws Exception {
        var client = ClientTls.jdkContext(List.of(ca.certificate()), null);
        try (TestHttpsServer server = TestHttpsServer.start(serverContext(provider, true));
             SSLSocket socket = TlsProbes.handshake(client, server.port(), TlsPolicy.PROTOCOLS, "h2", "http/1.1")) {
            assertEquals("h2", socket.getApplicationProtocol());
        }
        try (TestHttpsServer server = TestHttpsServer.start(serverContext(provider, true));
             SSLSocket socket = TlsProbes.handshake(client, server.port(), TlsPolicy.PROTOCOLS, "http/1.1")) {
            assertEquals("http/1.1", socket.getApplicationProtocol());
        }
        try (TestHttpsServer server = TestHttpsServer.start(serverContext(provider, false));
             SSLSocket socket = TlsProbes.handshake(client, server.port(), TlsPolicy.PROTOCOLS, "h2", "http/1.1")) {
            assertEquals("", socket.getApplicationProtocol());
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void tls12NegotiatesOnlyForwardSecretAeadSuites(SslProvider provider) throws Exception {
        var client = ClientTls.jdkContext(List.of(ca.certificate()), null);
        try (TestHttpsServer server = TestHttpsServer.start(serverContext(provider, false));
             SSLSocket socket = TlsProbes.handshake(client, server.port(), List.of("TLSv1.2"))) {
            String suite = socket.getSession().getCipherSuite();
            assertTrue(suite.startsWith("TLS_ECDHE_") && (suite.contains("_GCM_") || suite.contains("CHACHA20")), suite);
        }
        try (TestHttpsServer server = TestHttpsServer.start(serverContext(provider, false));
             SSLSocket socket = TlsProbes.handshake(client, server.port(), TlsPolicy.PROTOCOLS)) {
            assertEquals("TLSv1.3", socket.getSession().getProtocol());
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void serverRefusesACbcOnlyTls12Client(SslProvider provider) throws Exception {
        var client = ClientTls.jdkContext(List.of(ca.certificate()), null);
        try (TestHttpsServer server = TestHttpsServer.start(serverContext(provider, false))) {
            SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", server.port());
            try (socket) {
                socket.setSoTimeout(10_000);
                socket.setEnabledProtocols(new String[] {"TLSv1.2"});
                socket.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});
                assertThrows(IOException.class, socket::startHandshake);
            }
            assertFalse(server.nextHandshake().isSuccess());
        }
    }

    @Test
    void preferredProviderIsOpenSslExactlyWhenTcnativeLoads() {
        SslProvider preferred = TlsPolicy.preferredProvider();
        assertEquals(io.netty.handler.ssl.OpenSsl.isAvailable(), preferred == SslProvider.OPENSSL);
        System.out.println("TLS provider: " + TlsPolicy.describe(preferred));
        assertNotEquals("", TlsPolicy.describe(preferred));
    }
}
