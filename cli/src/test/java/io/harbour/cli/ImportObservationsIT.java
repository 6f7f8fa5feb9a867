package io.harbour.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.certs.CertificateAuthority;
import io.harbour.certs.CertificateDirectory;
import io.harbour.model.Json;
import io.harbour.realms.Realm;
import io.harbour.realms.RealmFile;
import io.harbour.receiver.Receiver;
import io.harbour.receiver.ReceiverConfig;
import io.harbour.receiver.http.ReceiverHttpSettings;
import io.harbour.receiver.kafka.KafkaPublisherSettings;
import io.harbour.stack.LocalStack;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code harbour import-observations} against a real receiver and a real Kafka broker (this class
 * starts its own Kafka-only stack: the module's other integration tests start theirs as they need),
 * and the exact request of seed 001's Python script.
 */
class ImportObservationsIT {
    private static final Path DIR = Path.of("target", "import-observations-it").toAbsolutePath();
    private static final String TOPIC = "harbour.observations";
    private static LocalStack stack;
    private static Receiver receiver;
    private static Path caFile;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.startFresh(DIR.resolve("stack"), false);
        Path certsDir = DIR.resolve("certs");
        org.junit.jupiter.api.Assertions.assertTrue(!Files.exists(certsDir) || deleteTree(certsDir));
        CertificateDirectory certs = CertificateDirectory.at(certsDir);
        Files.createDirectories(certsDir);
        CertificateAuthority ca = certs.createCa("CN=Import IT CA");
        certs.write("server", ca.issueServer("localhost", "localhost", "127.0.0.1"), null);
        caFile = certs.certificate(CertificateDirectory.CA);
        Path realms = DIR.resolve("realms-" + UUID.randomUUID() + ".yaml");
        RealmFile realmFile = new RealmFile(realms);
        realmFile.createRealm(Realm.named("vpn"));
        key = realmFile.issueWriteKey("vpn", "import IT").key();
        receiver = Receiver.start(new ReceiverConfig(ReceiverHttpSettings.defaults().toBuilder().host("127.0.0.1").port(0).build(),
                new ReceiverConfig.Tls(certs.chain("server").toString(), certs.privateKey("server").toString(), "none", null, 10),
                realms.toString(), KafkaPublisherSettings.defaults(stack.kafka().bootstrapServers())));
    }

    private static boolean deleteTree(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        return true;
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    record Run(int exitCode, String out, String err) {
    }

    private static Run harbour(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new HarbourCli()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static List<String> common(Path csv, String source) {
        return new ArrayList<>(List.of("import-observations", "--csv", csv.toString(), "--url", receiver.uri().toString(),
                "--key", key, "--ca", caFile.toString(), "--source", source, "--zone", "UTC", "--no-progress",
                "--state-dir", DIR.resolve("no-state").toString()));
    }

    /** Every observation record in Kafka with this source, as (ipaddr, associated_ipaddr, timestamp) bodies. */
    private static List<JsonNode> observationsInKafka(String source) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(), ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream().map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                assertTrue(System.nanoTime() < deadline, "could not read " + TOPIC + " to its end");
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode upload = Json.mapper().readTree(r.value());
                    if (source.equals(upload.path("source").asText())) {
                        upload.path("observations").forEach(found::add);
                    }
                }
            }
        }
        return found;
    }

    @Test
    void aHundredThousandLineOpenVpnLogIsImportedWithExactCounts() throws Exception {
        int lines = 100_000;
        String source = "OpenVPN-" + UUID.randomUUID();
        Path csv = DIR.resolve("openvpn-" + source + ".csv");
        DateTimeFormatter seedFormat = DateTimeFormatter.ofPattern("MM/dd/yy HH:mm:ss");
        LocalDateTime first = LocalDateTime.of(2026, 11, 1, 0, 0, 0);
        int badTimestamps = 0;
        int badAddresses = 0;
        int shortRows = 0;
        long lastGoodTimestamp = 0;
        String lastGoodVpn = null;
        String lastGoodReal = null;
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            // OpenVPN status-log style columns, one quoted (a comma inside), in an order the importer must not assume.
            w.write("Common Name,Real IP,Bytes Received,VPN IP,Start Time,Note\n");
            for (int i = 1; i <= lines; i++) {
                int csvLine = i + 1;
                LocalDateTime at = first.plusSeconds(i * 7L);
                String start = at.format(seedFormat);
                String real = "203.0." + (i / 256 % 256) + "." + (i % 256);
                String vpn = "10.8." + (i / 256 % 256) + "." + (i % 256);
                if (i % 10_000 == 0) {
                    start = "13/45/26 99:00:00";
                    badTimestamps++;
                } else if (i % 25_000 == 7) {
                    vpn = "10.8.0.999";
                    badAddresses++;
                } else if (i % 40_000 == 3) {
                    w.write("user" + i + "," + real + "\n");
                    shortRows++;
                    continue;
                } else {
                    lastGoodTimestamp = at.toEpochSecond(ZoneOffset.UTC);
                    lastGoodVpn = vpn;
                    lastGoodReal = real;
                }
                w.write("user" + i + "," + real + "," + (i * 1000L) + "," + vpn + "," + start + ",\"rack 4, row " + csvLine + "\"\n");
            }
        }
        int refused = badTimestamps + badAddresses + shortRows;
        assertEquals(10 + 4 + 3, refused);

        List<String> args = common(csv, source);
        args.addAll(List.of("--ipaddr", "VPN IP", "--associated-ipaddr", "Real IP", "--timestamp", "Start Time", "--batch", "1000"));
        long t0 = System.nanoTime();
        Run run = harbour(args.toArray(String[]::new));
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("ImportObservationsIT: %d lines imported in %.1f s (%.0f lines/s)%n%s", lines, seconds, lines / seconds, run.out());
        assertEquals(3, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().contains("read      " + lines + " lines"), run.out());
        assertTrue(run.out().contains("sent      " + (lines - refused) + " observations in 100 requests"), run.out());
        assertTrue(run.out().contains("accepted  " + (lines - refused) + "\n"), run.out());
        assertTrue(run.out().contains("refused   " + refused + "\n"), run.out());
        assertTrue(run.out().contains("  line 10001: bad timestamp: \"13/45/26 99:00:00\" does not match %m/%d/%y %H:%M:%S"), run.out());
        assertTrue(run.out().contains("  line 8: bad IP in \"VPN IP\": \"10.8.0.999\""), run.out());
        assertTrue(run.out().contains("  line 4: missing column \"VPN IP\", \"Start Time\""), run.out());
        // Every refusal with its reason in the file the summary names (the first ones are on the terminal too).
        Path refusals = DIR.resolve(csv.getFileName() + ".refusals.csv");
        assertTrue(run.out().contains("every refused line with its reason: " + refusals + "\n"), run.out());
        List<String> rows = Files.readAllLines(refusals, StandardCharsets.UTF_8);
        assertEquals(refused + 1, rows.size(), "the header and one row per refused line");
        assertTrue(rows.contains("10001,\"bad timestamp: \"\"13/45/26 99:00:00\"\" does not match %m/%d/%y %H:%M:%S\""), rows.toString());
        assertTrue(rows.contains("4,\"missing column \"\"VPN IP\"\", \"\"Start Time\"\"\""), rows.toString());

        List<JsonNode> stored = observationsInKafka(source);
        assertEquals(lines - refused, stored.size(), "one Kafka record per accepted observation, none lost or doubled");
        // Addresses repeat every 65,536 lines, so the last good line is found by address and time together.
        String vpn = lastGoodVpn;
        String real = lastGoodReal;
        long at = lastGoodTimestamp;
        assertEquals(1, stored.stream().filter(o -> o.path("ipaddr").asText().equals(vpn)
                && o.path("associated_ipaddr").asText().equals(real) && o.path("timestamp").asLong() == at).count(),
                "the last good line, its time read in UTC");
    }

    @Test
    void aTimestampSpreadOverColumnsAsInTheSeedsTip() throws Exception {
        String source = "split-" + UUID.randomUUID();
        Path csv = Files.writeString(DIR.resolve(source + ".csv"),
                "Month,Day,Year,Time,Real IP,VPN IP\n01,01,01,10:10:10,198.51.100.7,10.8.0.2\n12,31,26,23:59:59,2001:db8::1,fd00::2\n");
        List<String> args = common(csv, source);
        args.addAll(List.of("--ipaddr", "VPN IP", "--associated-ipaddr", "Real IP", "--timestamp", "Month", "--timestamp", "Day",
                "--timestamp", "Year", "--timestamp", "Time", "--timestamp-join", "{1}/{2}/{3} {4}"));
        Run run = harbour(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err() + run.out());
        List<JsonNode> stored = observationsInKafka(source);
        assertEquals(2, stored.size());
        assertEquals(978_343_810L, stored.stream().filter(o -> o.path("ipaddr").asText().equals("10.8.0.2")).findFirst().orElseThrow()
                .path("timestamp").asLong(), "01/01/01 10:10:10 UTC");
    }

    /** A line only the receiver can judge (a time past year 9999): it is refused with the receiver's words, the rest resent and accepted. */
    @Test
    void observationsTheReceiverRefusesAreTakenOutAndTheRestAccepted() throws Exception {
        String source = "epoch-" + UUID.randomUUID();
        Path csv = Files.writeString(DIR.resolve(source + ".csv"),
                "Real IP,VPN IP,Start Time\n1.2.3.4,10.8.0.1,1764000000\n1.2.3.5,10.8.0.2,300000000000\n1.2.3.6,10.8.0.3,1764000001\n");
        List<String> args = common(csv, source);
        args.addAll(List.of("--ipaddr", "VPN IP", "--associated-ipaddr", "Real IP", "--timestamp", "Start Time", "--time-pattern", "epoch"));
        Run run = harbour(args.toArray(String[]::new));
        assertEquals(3, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().contains("accepted  2\n") && run.out().contains("refused   1\n"), run.out());
        assertTrue(run.out().contains("  line 3: receiver refused timestamp: must be epoch seconds from 0 to"), run.out());
        assertEquals(2, observationsInKafka(source).size());
    }

    @Test
    void aMissingColumnIsNamedWithTheHeader() throws Exception {
        Path csv = Files.writeString(DIR.resolve("header.csv"), "Real IP,VPN IP,Start\n1.2.3.4,10.8.0.1,01/01/26 00:00:00\n");
        List<String> args = common(csv, "x");
        args.addAll(List.of("--ipaddr", "VPN IP", "--associated-ipaddr", "Real IP", "--timestamp", "Start Time"));
        Run run = harbour(args.toArray(String[]::new));
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("column \"Start Time\" not in " + csv + "; its header has: \"Real IP\", \"VPN IP\", \"Start\""), run.err());
    }

    @Test
    void aWrongKeyStopsTheImportWithTheReceiversAnswer() throws Exception {
        Path csv = Files.writeString(DIR.resolve("key.csv"), "Real IP,VPN IP,Start Time\n1.2.3.4,10.8.0.1,01/01/26 00:00:00\n");
        List<String> args = common(csv, "x");
        args.set(args.indexOf(key), "hk_0000000000_wrong");
        args.addAll(List.of("--ipaddr", "VPN IP", "--associated-ipaddr", "Real IP", "--timestamp", "Start Time"));
        Run run = harbour(args.toArray(String[]::new));
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("answered 401"), run.err());
    }

    /** Seed 001's makeObservations(): its headers and json.dumps(data) body, exactly. */
    @Test
    void theRequestOfExtraHopsPythonExampleIsAccepted() throws Exception {
        String source = "OpenVPN-python-" + UUID.randomUUID();
        String body = "{\"observations\": [{\"associated_ipaddr\": \"203.0.113.9\", \"ipaddr\": \"10.8.0.6\", \"timestamp\": 1764000000}, "
                + "{\"associated_ipaddr\": \"198.51.100.23\", \"ipaddr\": \"10.8.0.7\", \"timestamp\": 1764000060}], \"source\": \"" + source + "\"}";
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(caFile)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        HttpClient http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(receiver.uri() + "/api/v1/observations/associatedipaddrs"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Authorization", "ExtraHop apikey=" + key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals(2, Json.mapper().readTree(response.body()).path("accepted").asInt(), response.body());
        assertEquals(2, observationsInKafka(source).size());
    }
}
