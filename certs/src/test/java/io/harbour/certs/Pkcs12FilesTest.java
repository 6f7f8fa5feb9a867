package io.harbour.certs;

import static io.harbour.certs.KeyAssertions.assertMode;
import static io.harbour.certs.KeyAssertions.assertSignsFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Pkcs12FilesTest {
    private static final char[] PASSWORD = "changeit-not".toCharArray();
    private static final CertificateAuthority CA = CertificateAuthority.create("CN=Harbour Test CA");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void writeThenReadGivesTheSameChainAndAWorkingKey(KeyAlgorithm algorithm) throws Exception {
        IssuedCertificate issued = CA.issue(LeafCertificateSpec.client("CN=sensor-1,O=realm-a").withKeyAlgorithm(algorithm));
        Path file = dir.resolve("sensor-1.p12");
        Pkcs12Files.write(file, issued, "sensor-1", PASSWORD);
        assertMode(file, "rw-------");

        IssuedCertificate loaded = Pkcs12Files.read(file, PASSWORD);
        assertEquals(issued.chain(), loaded.chain());
        assertSignsFor(loaded.certificate().getPublicKey(), loaded.privateKey());
    }

    @Test
    void wrongPasswordFailsWithTheFileName() throws Exception {
        Path file = dir.resolve("server.p12");
        Pkcs12Files.write(file, CA.issueServer("localhost", "localhost"), "server", PASSWORD);
        IOException failure = assertThrows(IOException.class, () -> Pkcs12Files.read(file, "nope".toCharArray()));
        assertTrue(failure.getMessage().contains(file.toString()), failure.getMessage());
    }

    @Test
    void opensslReadsWhatWeWrite() throws Exception {
        Path file = dir.resolve("server.p12");
        Pkcs12Files.write(file, CA.issueServer("localhost", "localhost"), "server", PASSWORD);
        TlsProbes.ProcessResult result = TlsProbes.openssl("pkcs12", "-in", file.toString(), "-passin",
                "pass:" + new String(PASSWORD), "-nokeys", "-info");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("subject=CN = localhost"), result.output());
    }

    @Test
    void serverContextBuildsFromPkcs12() throws Exception {
        Path file = dir.resolve("server.p12");
        Pkcs12Files.write(file, CA.issueServer("localhost", "localhost"), "server", PASSWORD);
        assertTrue(ServerTlsConfig.of(KeyMaterialFiles.pkcs12(file, PASSWORD)).buildContext().isServer());
    }
}
