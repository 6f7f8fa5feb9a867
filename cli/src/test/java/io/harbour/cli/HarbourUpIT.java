package io.harbour.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * `harbour up` in its own JVM, as a user runs it: it becomes ready, `harbour doctor` passes
 * against it, the example it prints is accepted by its receiver and becomes searchable through its
 * indexer, and Ctrl-C (SIGINT) leaves no broker or node behind.
 */
class HarbourUpIT {
    private final Path state = Path.of("target", "up-it").toAbsolutePath();

    @Test
    void upBecomesReadyPassesDoctorAndLeavesNothingAfterCtrlC() throws Exception {
        Process up = CliProcess.start(Files.createDirectories(state).resolve("up.out"), "up", "--state-dir", state.toString());
        long kafkaPid = 0;
        long esPid = 0;
        try {
            Path upFile = state.resolve(StateDir.UP_FILE);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!Files.exists(upFile) && up.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertTrue(Files.exists(upFile), "never ready:\n" + Files.readString(state.resolve("up.out")));
            String printed = Files.readString(state.resolve("up.out"));
            assertTrue(printed.contains("Harbour is ready"), printed);
            assertTrue(printed.contains("./harbour doctor"), printed);
            UpState ready = UpState.read(upFile);
            assertTrue(Files.exists(Path.of(ready.caFile())), ready.caFile());

            assertEquals(0, new CommandLine(new HarbourCli()).execute("doctor", "--state-dir", state.toString()));
            assertEquals(202, postPrintedExample(ready), "the printed curl example must be accepted");
            assertTrue(searchableWithin(ready, "/harbour-exchanges-dev/_search?q=sequence:302", 60),
                    "the accepted ExtraHop log never became searchable through the indexer");
            assertTrue(printed.contains(UpCommand.listAppsCurl(ready)), printed);
            assertEquals(ready.queryToken(), Files.readString(Path.of(ready.queryTokenFile())).trim());
            assertEquals(200, listAppsAsPrinted(ready), "the printed query API curl must answer 200");

            kafkaPid = Long.parseLong(Files.readString(state.resolve("stack/kafka/broker.pid")).trim());
            esPid = Long.parseLong(Files.readString(state.resolve("stack/elasticsearch/elasticsearch.pid")).trim());
            assertTrue(alive(kafkaPid) && alive(esPid));

            new ProcessBuilder("kill", "-INT", Long.toString(up.pid())).start().waitFor();
            assertTrue(up.waitFor(90, TimeUnit.SECONDS), "harbour up did not exit after SIGINT");
            for (long pid : List.of(kafkaPid, esPid)) {
                ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(60, TimeUnit.SECONDS).join());
                assertFalse(alive(pid), "pid " + pid + " outlived harbour up");
            }
            assertFalse(Files.exists(upFile), "state file left behind");
        } finally {
            up.destroyForcibly();
            for (long pid : List.of(kafkaPid, esPid)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** What the printed curl does: seed 000's request log, the write key, trusting only the CA file. */
    private static int postPrintedExample(UpState ready) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(Path.of(ready.caFile()))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        HttpResponse<String> r = HttpClient.newBuilder().sslContext(tls).build().send(
                HttpRequest.newBuilder(URI.create(ready.services().get("receiver") + "/log"))
                        .header("Authorization", "ExtraHop apikey=" + ready.writeKey())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(UpCommand.EXTRAHOP_EXAMPLE)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(r.body().contains("\"accepted\":1"), r.body());
        return r.statusCode();
    }

    /** What the printed query curl does: GET the app list with the development query token, trusting only the CA file. */
    private static int listAppsAsPrinted(UpState ready) throws Exception {
        HttpResponse<String> r = HttpClient.newBuilder().sslContext(trustingCa(ready)).build().send(
                HttpRequest.newBuilder(URI.create(ready.services().get("query_api") + UpCommand.LIST_APPS))
                        .header("Authorization", "Bearer " + ready.queryToken()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(r.body().contains("\"apps\":["), r.body());
        return r.statusCode();
    }

    private static SSLContext trustingCa(UpState ready) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(Path.of(ready.caFile()))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }

    private static boolean searchableWithin(UpState ready, String search, int seconds) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(ready.elasticsearchUrl() + search)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && !r.body().contains("\"hits\":[]")) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
