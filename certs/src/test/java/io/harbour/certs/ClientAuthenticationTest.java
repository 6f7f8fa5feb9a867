package io.harbour.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mutual TLS as the receiver uses it for sensors. With TLS 1.3 the client finishes its side of the
 * handshake before the server has judged its certificate, so refusals show up on the first request
 * and are confirmed by the server's own handshake outcome.
 */
@Timeout(60)
class ClientAuthenticationTest {
    @TempDir
    static Path dir;
    static CertificateDirectory files;
    static CertificateAuthority ca;

    @BeforeAll
    static void issue() throws IOException {
        files = CertificateDirectory.at(dir);
        ca = files.createCa("CN=Harbour Test CA");
        files.write("server", ca.issueServer("localhost", "127.0.0.1"), null);
    }

    static List<SslProvider> providers() {
        return TlsProbes.providers().toList();
    }

    private static TestHttpsServer server(SslProvider provider, ClientAuth mode) throws Exception {
        return TestHttpsServer.start(ServerTlsConfig.of(files.keyMaterial("server"))
                .withClientAuth(mode, files.certificate(CertificateDirectory.CA))
                .withProvider(provider)
                .buildContext());
    }

    private static SSLContext client(IssuedCertificate certificate) {
        return ClientTls.jdkContext(List.of(ca.certificate()), certificate);
    }

    private static void assertRefused(TestHttpsServer server, SSLContext client) throws Exception {
        assertThrows(IOException.class, () -> TlsProbes.get(client, server.port()));
        assertFalse(server.nextHandshake().isSuccess(), "the server accepted the handshake");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void sensorCertificateFromTheTrustedCaIsAcceptedAndItsSubjectSeen(SslProvider provider) throws Exception {
        try (TestHttpsServer server = server(provider, ClientAuth.REQUIRE)) {
            HttpResponse<String> response = TlsProbes.get(client(ca.issueClient("CN=sensor-1,O=realm-a")), server.port());
            assertEquals(200, response.statusCode());
            assertEquals("ok CN=sensor-1,O=realm-a\n", response.body());
            assertTrue(server.nextHandshake().isSuccess());
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void certificateFromAnotherCaIsRefused(SslProvider provider) throws Exception {
        IssuedCertificate intruder = CertificateAuthority.create("CN=Rogue CA").issueClient("CN=sensor-1,O=realm-a");
        try (TestHttpsServer server = server(provider, ClientAuth.REQUIRE)) {
            assertRefused(server, client(intruder));
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void expiredCertificateIsRefused(SslProvider provider) throws Exception {
        Instant now = Instant.now();
        IssuedCertificate expired = ca.issue(LeafCertificateSpec.client("CN=sensor-old,O=realm-a")
                .withValidityWindow(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))));
        try (TestHttpsServer server = server(provider, ClientAuth.REQUIRE)) {
            assertRefused(server, client(expired));
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void missingCertificateIsRefused(SslProvider provider) throws Exception {
        try (TestHttpsServer server = server(provider, ClientAuth.REQUIRE)) {
            assertRefused(server, client(null));
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void serverCertificateCannotPoseAsAClient(SslProvider provider) throws Exception {
        // The serverAuth-only EKU must keep a stolen server key from authenticating as a sensor.
        try (TestHttpsServer server = server(provider, ClientAuth.REQUIRE)) {
            assertRefused(server, client(ca.issueServer("sensor-1", "sensor-1")));
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void optionalModeAcceptsAnonymousAndAuthenticatedClients(SslProvider provider) throws Exception {
        try (TestHttpsServer server = server(provider, ClientAuth.OPTIONAL)) {
            assertEquals("ok anonymous\n", TlsProbes.get(client(null), server.port()).body());
            assertEquals("ok CN=sensor-2\n", TlsProbes.get(client(ca.issueClient("CN=sensor-2")), server.port()).body());
        }
    }
}
