package io.harbour.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.realms.Cidr;
import io.harbour.realms.Realm;
import io.harbour.realms.RealmFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RealmCommandTest {
    @TempDir
    Path dir;

    /** One in-process run of the harbour command line against the temporary realm file. */
    record Run(int exitCode, String out, String err) {
        List<String> outLines() {
            return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
        }
    }

    static Run harbour(Path realmsFile, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new HarbourCli()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (realmsFile != null) {
            all.add("--realms-file");
            all.add(realmsFile.toString());
        }
        int code = cli.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    Path realms() {
        return dir.resolve("state/realms.yaml");
    }

    @Test
    void createdRealmIsListedWithItsRangesAndSubjects() {
        Run created = harbour(realms(), "realm", "create", "acme", "--source-range", "10.0.0.0/8",
                "--source-range", "2001:db8::/32", "--client-subject", "CN=sensor-1,O=Acme", "--require-source-range");
        assertEquals(0, created.exitCode(), created.err());
        assertEquals("realm \"acme\" created in " + realms() + "\n", created.out());
        assertEquals(0, harbour(realms(), "realm", "create", "globex").exitCode());

        Run list = harbour(realms(), "realm", "list");
        assertEquals(0, list.exitCode(), list.err());
        assertEquals(3, list.outLines().size(), list.out());
        assertTrue(list.outLines().get(0).startsWith("NAME "), list.out());
        String acme = list.outLines().get(1);
        assertTrue(acme.matches("acme +0 +0 +10\\.0\\.0\\.0/8, 2001:db8::/32 +yes +CN=sensor-1,O=Acme"), acme);
        assertTrue(list.outLines().get(2).matches("globex +0 +0 +- +no +-"), list.outLines().get(2));

        Realm stored = new RealmFile(realms()).load().realm("acme").orElseThrow();
        assertEquals(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8::/32")), stored.sourceRanges());
        assertTrue(stored.requireSourceRange());
    }

    @Test
    void anExistingRealmIsAnErrorWithExitCode1() {
        harbour(realms(), "realm", "create", "acme");
        Run again = harbour(realms(), "realm", "create", "acme");
        assertEquals(1, again.exitCode());
        assertEquals("error: realm \"acme\" already exists\n", again.err());
        assertEquals("", again.out());
    }

    @Test
    void aBadCidrIsAnErrorWithExitCode1AndNothingIsWritten() {
        Run bad = harbour(realms(), "realm", "create", "acme", "--source-range", "10.0.0.0/33", "--source-range", "example.com");
        assertEquals(1, bad.exitCode());
        assertEquals("error: --source-range: \"10.0.0.0/33\" is not a CIDR\n"
                + "error: --source-range: \"example.com\" is not a CIDR\n", bad.err());
        assertFalse(Files.exists(realms()));
    }

    @Test
    void aBadNameOrOverlappingRangeIsExplained() {
        Run bad = harbour(realms(), "realm", "create", "Acme Corp");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().startsWith("error: realm \"Acme Corp\": name must be"), bad.err());
        harbour(realms(), "realm", "create", "acme", "--source-range", "10.0.0.0/8");
        Run overlap = harbour(realms(), "realm", "create", "globex", "--source-range", "10.1.0.0/16");
        assertEquals(1, overlap.exitCode());
        assertTrue(overlap.err().contains("\"10.1.0.0/16\" overlaps \"10.0.0.0/8\" of realm \"acme\""), overlap.err());
    }

    @Test
    void listingWithoutAFileSaysHowToStart() {
        Run list = harbour(realms(), "realm", "list");
        assertEquals(0, list.exitCode());
        assertEquals("no realms in " + realms() + " (create one with: harbour realm create NAME)\n", list.out());
    }

    @Test
    void anInvalidFileIsReportedWithItsPlace() throws Exception {
        Files.createDirectories(realms().getParent());
        Files.writeString(realms(), "realms:\n  - name: acme\n    source_ranges: [10.0.0.0/33]\n");
        Run list = harbour(realms(), "realm", "list");
        assertEquals(1, list.exitCode());
        assertEquals("error: realms.yaml: realm \"acme\": source_ranges[0]: \"10.0.0.0/33\" is not a CIDR\n", list.err());
    }

    @Test
    void realmWithoutASubcommandIsAUsageError() {
        Run bare = harbour(null, "realm");
        assertEquals(2, bare.exitCode());
        assertTrue(bare.err().contains("Missing subcommand"), bare.err());
    }

    @Test
    void theDefaultFileIsInTheStateDirectory() {
        assertEquals(dir.resolve("s/realms.yaml"), StateDir.of(dir.resolve("s")).realmsFile());
    }
}
