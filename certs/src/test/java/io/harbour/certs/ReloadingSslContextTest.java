package io.harbour.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class ReloadingSslContextTest {
    @TempDir
    Path dir;
    CertificateDirectory files;
    CertificateAuthority ca;
    IssuedCertificate original;
    SSLContext client;

    @BeforeEach
    void issue() throws IOException {
        files = CertificateDirectory.at(dir);
        ca = files.createCa("CN=Harbour Test CA");
        original = ca.issueServer("original", "localhost", "127.0.0.1");
        files.write("server", original, null);
        client = ClientTls.jdkContext(List.of(ca.certificate()), null);
    }

    private ReloadingSslContext open(Duration checkInterval) throws IOException {
        return ReloadingSslContext.open(ServerTlsConfig.of(files.keyMaterial("server")), checkInterval);
    }

    private TestHttpsServer start(ReloadingSslContext reloading, boolean sni) throws InterruptedException {
        return sni ? TestHttpsServer.startWithSni(reloading) : TestHttpsServer.start(reloading);
    }

    @ParameterizedTest(name = "through SniHandler: {0}")
    @ValueSource(booleans = {false, true})
    void newConnectionSeesRenewedCertificateWithoutRestart(boolean sni) throws Exception {
        ReloadingSslContext reloading = open(Duration.ZERO);
        try (TestHttpsServer server = start(reloading, sni)) {
            assertEquals(original.certificate(), TlsProbes.servedCertificate(client, server.port()));

            IssuedCertificate renewed = ca.issueServer("renewed", "localhost", "127.0.0.1");
            files.write("server", renewed, null);

            X509Certificate served = TlsProbes.servedCertificate(client, server.port());
            assertEquals(renewed.certificate().getSerialNumber(), served.getSerialNumber());
            assertEquals("CN=renewed", served.getSubjectX500Principal().getName());
            assertEquals(200, TlsProbes.get(client, server.port()).statusCode());
        }
    }

    @Test
    void brokenFilesKeepServingTheLastGoodCertificate() throws Exception {
        ReloadingSslContext reloading = open(Duration.ZERO);
        try (TestHttpsServer server = TestHttpsServer.start(reloading)) {
            Files.writeString(files.chain("server"), "-----BEGIN CERTIFICATE-----\nnot base64!\n", StandardCharsets.US_ASCII);
            assertEquals(original.certificate(), TlsProbes.servedCertificate(client, server.port()));
            assertTrue(reloading.lastFailure().isPresent());

            // A new chain whose key was never written: mismatched pair, still refused.
            IssuedCertificate renewed = ca.issueServer("renewed", "localhost", "127.0.0.1");
            PemFiles.writeCertificates(files.chain("server"), renewed.chain());
            assertEquals(original.certificate(), TlsProbes.servedCertificate(client, server.port()));
            assertTrue(reloading.lastFailure().orElseThrow().getMessage().contains("does not match"),
                    reloading.lastFailure().orElseThrow().getMessage());

            PemFiles.writePrivateKey(files.privateKey("server"), renewed.privateKey());
            assertEquals(renewed.certificate(), TlsProbes.servedCertificate(client, server.port()));
            assertTrue(reloading.lastFailure().isEmpty());
        }
    }

    @Test
    void settledBrokenFilesAreNotReloadedAgainUntilTheyChange() throws Exception {
        ReloadingSslContext reloading = open(Duration.ZERO);
        Path key = files.privateKey("server");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        // Old enough that no renewal can be in progress: a real error, not a half-written pair.
        FileTime minuteAgo = FileTime.from(Instant.now().minusSeconds(60));
        Files.setLastModifiedTime(key, minuteAgo);
        Files.setLastModifiedTime(files.chain("server"), minuteAgo);
        assertFalse(reloading.reloadIfChanged());
        Exception failure = reloading.lastFailure().orElseThrow();
        assertTrue(failure.getMessage().contains(key.toString()), failure.getMessage());
        assertFalse(reloading.reloadIfChanged());
        assertSame(failure, reloading.lastFailure().orElseThrow(), "unchanged broken files were loaded again");
        assertEquals(original.certificate(), reloading.certificate());
    }

    @Test
    void deletedFilesKeepServingTheLastGoodCertificate() throws Exception {
        ReloadingSslContext reloading = open(Duration.ZERO);
        try (TestHttpsServer server = TestHttpsServer.start(reloading)) {
            Files.delete(files.privateKey("server"));
            assertEquals(original.certificate(), TlsProbes.servedCertificate(client, server.port()));
            assertTrue(reloading.lastFailure().isPresent());
        }
    }

    @Test
    void touchingFilesWithoutChangingThemKeepsTheSameContext() throws Exception {
        ReloadingSslContext reloading = open(Duration.ZERO);
        SslContext before = reloading.get();
        FileTime later = FileTime.from(Instant.now().plusSeconds(60));
        Files.setLastModifiedTime(files.chain("server"), later);
        Files.setLastModifiedTime(files.privateKey("server"), later);
        assertFalse(reloading.reloadIfChanged());
        assertSame(before, reloading.get());
    }

    @Test
    void checksAtMostOncePerInterval() throws Exception {
        ReloadingSslContext reloading = open(Duration.ofHours(1));
        SslContext before = reloading.get();
        IssuedCertificate renewed = ca.issueServer("renewed", "localhost");
        files.write("server", renewed, null);
        assertSame(before, reloading.get(), "checked before the interval elapsed");
        assertTrue(reloading.reloadIfChanged());
        assertEquals(renewed.certificate(), reloading.certificate());
        assertFalse(reloading.reloadIfChanged());
    }

    @Test
    void clientCaBundleChangesAreReloadedToo() throws Exception {
        Path bundle = dir.resolve("client-cas.pem");
        PemFiles.writeCertificates(bundle, List.of(ca.certificate()));
        ReloadingSslContext reloading = ReloadingSslContext.open(
                ServerTlsConfig.of(files.keyMaterial("server")).withClientAuth(ClientAuth.REQUIRE, bundle), Duration.ZERO);
        CertificateAuthority secondRealmCa = CertificateAuthority.create("CN=Second Realm CA");
        SSLContext sensor = ClientTls.jdkContext(List.of(ca.certificate()), secondRealmCa.issueClient("CN=sensor-9"));
        try (TestHttpsServer server = TestHttpsServer.start(reloading)) {
            assertThrows(IOException.class, () -> TlsProbes.get(sensor, server.port()));
            PemFiles.writeCertificates(bundle, List.of(ca.certificate(), secondRealmCa.certificate()));
            assertEquals("ok CN=sensor-9\n", TlsProbes.get(sensor, server.port()).body());
        }
    }

    @Test
    void openFailsLoudlyWhenTheFilesAreBrokenAtStart() throws Exception {
        Files.writeString(files.privateKey("server"), "garbage\n");
        IOException failure = assertThrows(IOException.class, () -> open(Duration.ZERO));
        assertTrue(failure.getMessage().contains(files.privateKey("server").toString()), failure.getMessage());
    }
}
