package io.harbour.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.security.Security;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TLS 1.0 and 1.1 are refused by the server itself, not merely never offered by modern clients.
 * Runs in its own JVM (surefire execution {@code legacy-tls-client}) whose security properties let
 * the JDK client offer the old protocols; the server's recorded failure proves it saw the offer.
 */
@Timeout(60)
class LegacyProtocolRefusalTest {
    @TempDir
    static Path dir;
    static CertificateDirectory files;
    static SSLContext client;

    @BeforeAll
    static void setUp() throws IOException {
        String disabled = Security.getProperty("jdk.tls.disabledAlgorithms");
        assertFalse(disabled.matches(".*\\bTLSv1(\\.1)?\\s*(,|$).*"),
                "run through the legacy-tls-client surefire execution; TLSv1/1.1 are disabled here: " + disabled);
        files = CertificateDirectory.at(dir);
        CertificateAuthority ca = files.createCa("CN=Harbour Test CA");
        files.write("server", ca.issueServer("localhost", "127.0.0.1"), null);
        client = ClientTls.jdkContext(List.of(ca.certificate()), null);
    }

    static List<SslProvider> providers() {
        return TlsProbes.providers().toList();
    }

    private static TestHttpsServer server(SslProvider provider) throws Exception {
        return TestHttpsServer.start(ServerTlsConfig.of(files.keyMaterial("server")).withProvider(provider).buildContext());
    }

    private static void assertServerRefuses(SslProvider provider, String protocol) throws Exception {
        try (TestHttpsServer server = server(provider)) {
            assertThrows(SSLException.class, () -> TlsProbes.handshake(client, server.port(), List.of(protocol)).close());
            SslHandshakeCompletionEvent outcome = server.nextHandshake();
            System.out.println(provider + " server refused " + protocol + ": " + outcome.cause());
            assertFalse(outcome.isSuccess());
            // A closed channel would mean the client gave up before sending its hello.
            assertFalse(outcome.cause() instanceof ClosedChannelException, String.valueOf(outcome.cause()));
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void jdkClientOfferingOnlyTls11IsRefused(SslProvider provider) throws Exception {
        assertServerRefuses(provider, "TLSv1.1");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void jdkClientOfferingOnlyTls10IsRefused(SslProvider provider) throws Exception {
        assertServerRefuses(provider, "TLSv1");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void sameClientSucceedsWithTls12(SslProvider provider) throws Exception {
        // The control: the legacy attempts above fail because of the protocol, not the client.
        try (TestHttpsServer server = server(provider);
             SSLSocket socket = TlsProbes.handshake(client, server.port(), List.of("TLSv1.2"))) {
            assertEquals("TLSv1.2", socket.getSession().getProtocol());
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void opensslClientOfferingOnlyTls11IsRefused(SslProvider provider) throws Exception {
        try (TestHttpsServer server = server(provider)) {
            // SECLEVEL=0: OpenSSL 3 itself refuses to offer TLS 1.1 at the default level.
            TlsProbes.ProcessResult result = TlsProbes.openssl("s_client", "-connect", "127.0.0.1:" + server.port(),
                    "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0", "-servername", "localhost");
            System.out.println(provider + " server vs openssl -tls1_1:\n" + result.output());
            assertNotEquals(0, result.exitCode(), result.output());
            // Alert 70 comes from the server: openssl did offer TLS 1.1 and was told no.
            assertTrue(result.output().contains("alert protocol version"), result.output());
            SslHandshakeCompletionEvent outcome = server.nextHandshake();
            System.out.println(provider + " server refused openssl -tls1_1: " + outcome.cause());
            assertFalse(outcome.isSuccess());
            assertFalse(outcome.cause() instanceof ClosedChannelException, String.valueOf(outcome.cause()));
        }
    }
}
