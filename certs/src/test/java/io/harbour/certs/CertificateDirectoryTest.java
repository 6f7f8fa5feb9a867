package io.harbour.certs;

import static io.harbour.certs.KeyAssertions.assertMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void createsCaServerAndClientFilesInTheDocumentedLayout() throws Exception {
        CertificateDirectory files = CertificateDirectory.at(dir.resolve("certs"));
        CertificateAuthority ca = files.loadOrCreateCa("CN=Harbour Development CA");
        files.write("server", ca.issueServer("localhost", "localhost", "127.0.0.1"), null);
        files.write("sensor-1", ca.issueClient("CN=sensor-1,O=realm-a"), "pw".toCharArray());

        assertMode(files.privateKey("ca"), "rw-------");
        assertMode(files.privateKey("server"), "rw-------");
        assertMode(files.pkcs12("sensor-1"), "rw-------");
        assertMode(files.certificate("ca"), "rw-r--r--");
        assertEquals(2, PemFiles.readCertificates(files.chain("server")).size());
        assertEquals("CN=sensor-1,O=realm-a", files.keyMaterial("sensor-1").load().subject());
        assertEquals(ca.certificate(), files.loadOrCreateCa("CN=ignored").certificate());
    }

    @Test
    void neverOverwritesAnExistingCa() throws Exception {
        CertificateDirectory files = CertificateDirectory.at(dir);
        files.createCa("CN=First");
        assertThrows(FileAlreadyExistsException.class, () -> files.createCa("CN=Second"));
        assertEquals("CN=First", files.loadCa().certificate().getSubjectX500Principal().getName());
    }

    @Test
    void rejectsNamesThatWouldEscapeTheDirectory() {
        CertificateDirectory files = CertificateDirectory.at(dir);
        assertThrows(IllegalArgumentException.class, () -> files.certificate("../etc/passwd"));
    }
}
