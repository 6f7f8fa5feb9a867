package io.harbour.receiver.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.certs.CertificateAuthority;
import io.harbour.certs.CertificateDirectory;
import io.harbour.certs.ClientTls;
import io.harbour.certs.IssuedCertificate;
import io.harbour.certs.KeyAlgorithm;
import io.harbour.certs.LeafCertificateSpec;
import io.harbour.certs.ReloadingSslContext;
import io.harbour.certs.ServerTlsConfig;
import io.harbour.certs.TlsPolicy;
import io.harbour.model.Json;
import io.harbour.model.RecordHeaders;
import io.harbour.realms.Realm;
import io.harbour.realms.RealmFile;
import io.harbour.realms.SenderAuthenticator;
import io.harbour.receiver.kafka.IngestTopics;
import io.harbour.receiver.kafka.KafkaIngestPublisher;
import io.harbour.receiver.kafka.KafkaPublisherSettings;
import io.harbour.stack.HarbourStackExtension;
import io.harbour.stack.KafkaBroker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The connection-level half of the hostile-input corpus ({@code hostile/connection-cases.ndjson},
 * written by {@code make-cases.py}): TLS handshakes offering only old protocols or weak suites,
 * client certificates the receiver must not map to a realm, and HTTP/2 abuse (rapid reset and its
 * kin). Four receivers run side by side, one per certificate type (EC P-256, RSA 2048) and TLS
 * provider (OpenSSL as production picks it when netty-tcnative loads, and the JDK's), all with
 * {@code client_auth: optional}, the realm file's real {@link SenderAuthenticator} and the real
 * broker. After every case the receiver that was attacked still answers a good POST {@code 202};
 * at the end Kafka holds exactly the records of the {@code 202} answers.
 *
 * <p>Handshakes are written byte by byte (a ClientHello naming exactly the versions and suites of
 * the case) rather than by the JDK's SSLSocket: the JDK refuses to offer TLS 1.0 and 1.1
 * ({@code jdk.tls.disabledAlgorithms}), offers no RC4, EXPORT or NULL suites at all, and that
 * security property cannot be relied on being changed in a test JVM that other ITs have already
 * used TLS in. Real-client cross-checks run {@code openssl s_client} when it is installed.
 */
@ExtendWith(HarbourStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileConnectionIT {
    private static final String REALM = "conn";
    private static final String MAPPED = "CN=sensor-1,O=acme";
    private static final String CA_NAME = "CN=Harbour test CA";
    private static final String ENTRY = "{\"app\":\"conn\",\"when\":\"2026-11-23T05:56:38Z\",\"msg\":\"after\"}";
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path dir;
    static CertificateAuthority ca;
    static KafkaIngestPublisher publisher;
    static KafkaRecords kafka;
    static String writeKey;
    static long startMillis;
    static final Map<String, Receiver> receivers = new LinkedHashMap<>();
    static final Map<String, Integer> acceptedByReceipt = new ConcurrentHashMap<>();
    static final Map<String, IssuedCertificate> clientCertificates = new LinkedHashMap<>();

    record Receiver(String name, ReceiverServer server, int port) {
    }

    @BeforeAll
    static void start(KafkaBroker broker) throws Exception {
        CertificateDirectory certs = CertificateDirectory.at(dir.resolve("certs"));
        ca = certs.createCa(CA_NAME);
        certs.write("server-ec", ca.issueServer("localhost", "localhost", "127.0.0.1"), null);
        certs.write("server-rsa", ca.issue(LeafCertificateSpec.server("localhost", "localhost", "127.0.0.1")
                .withKeyAlgorithm(KeyAlgorithm.RSA_2048)), null);
        RealmFile realms = new RealmFile(dir.resolve("realms.yaml"));
        realms.createRealm(new Realm(REALM, List.of(), false, List.of(MAPPED), List.of(), List.of()));
        writeKey = realms.issueWriteKey(REALM, "hostile connection IT").key();
        SenderAuthenticator authenticator = new SenderAuthenticator(realms.path());

        KafkaPublisherSettings settings = KafkaPublisherSettings.defaults(broker.bootstrapServers());
        IngestTopics.ensure(settings);
        publisher = new KafkaIngestPublisher(settings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        kafka = new KafkaRecords(broker.bootstrapServers());
        assertTrue(OpenSsl.isAvailable(), "netty-tcnative should load here, as it does in production: " + OpenSsl.unavailabilityCause());
        for (String key : List.of("ec", "rsa")) {
            for (SslProvider provider : List.of(SslProvider.OPENSSL, SslProvider.JDK)) {
                ReloadingSslContext tls = ReloadingSslContext.open(ServerTlsConfig.of(certs.keyMaterial("server-" + key))
                        .withClientAuth(ClientAuth.OPTIONAL, certs.certificate(CertificateDirectory.CA))
                        .withAlpn(true).withProvider(provider), Duration.ofSeconds(1));
                ReceiverServer server = new ReceiverServer(ReceiverHttpSettings.defaults().toBuilder()
                        .host("127.0.0.1").port(0).headerTimeout(Duration.ofSeconds(2)).bodyTimeout(Duration.ofSeconds(3)).build(),
                        tls, authenticator::authenticate, publisher, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
                String name = key + "/" + provider.name().toLowerCase(java.util.Locale.ROOT);
                receivers.put(name, new Receiver(name, server, server.start().getPort()));
            }
        }
        makeClientCertificates();
        startMillis = System.currentTimeMillis();
    }

    @AfterAll
    static void stop() {
        receivers.values().forEach(r -> r.server().close());
        if (publisher != null) {
            publisher.close();
        }
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> all = new ArrayList<>();
        try (InputStream in = HostileConnectionIT.class.getResourceAsStream("/hostile/connection-cases.ndjson")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode c = Json.mapper().readTree(line);
                if (!c.get("name").asText().contains(System.getProperty("hostile.case", ""))) {
                    continue; // -Dhostile.case=h2- runs the cases whose name contains that, while working on them
                }
                for (JsonNode key : c.get("servers")) {
                    for (String provider : List.of("openssl", "jdk")) {
                        all.add(Arguments.of(c.get("name").asText() + " @ " + key.asText() + "/" + provider, c, key.asText() + "/" + provider));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Order(1)
    void eachCaseGetsItsAnswerAndTheReceiverStaysUp(String name, JsonNode c, String server) throws Exception {
        Receiver r = receivers.get(server);
        switch (c.get("kind").asText()) {
            case "hello" -> hello(name, c, r);
            case "sslv2" -> sslv2(name, c, r);
            case "openssl" -> openssl(name, c, r);
            case "client_cert" -> clientCertificate(name, c, r);
            case "h2" -> http2(name, c, r);
            default -> fail("unknown kind in " + c);
        }
        // A refused handshake never reached HTTP: the health route is answer enough there; after a
        // certificate or an HTTP/2 case the receiver must still take a log (202, through Kafka).
        if (List.of("hello", "sslv2", "openssl").contains(c.get("kind").asText())) {
            healthy(name, r);
        } else {
            stillUp(name, r);
        }
    }

    @Test
    @Order(2)
    void kafkaHoldsExactlyTheRecordsOfThe202Answers() {
        List<ConsumerRecord<byte[], byte[]>> records = kafka.matching("harbour.logharbour",
                r -> REALM.equals(KafkaRecords.header(r, RecordHeaders.REALM)) && r.timestamp() >= startMillis, 0);
        Map<String, Integer> found = new ConcurrentHashMap<>();
        for (ConsumerRecord<byte[], byte[]> rec : records) {
            String receipt = KafkaRecords.header(rec, RecordHeaders.RECEIPT_ID);
            assertTrue(acceptedByReceipt.containsKey(receipt), "a record of a request that was not answered 202: "
                    + KafkaRecords.header(rec, RecordHeaders.SENDER_IDENTITY));
            found.merge(receipt, 1, Integer::sum);
        }
        assertEquals(acceptedByReceipt, found);
        System.out.printf("HostileConnectionIT: %d records in Kafka, all from 202 answers%n", records.size());
    }

    // ---- TLS handshakes ----

    /** What a server said first: its ServerHello (with the suite chosen), an alert, or nothing before closing. */
    record Reply(String kind, int suite, int alert, String detail) {
        @Override
        public String toString() {
            return switch (kind) {
                case "server_hello" -> "ServerHello choosing " + String.format("%04x", suite);
                case "alert" -> "alert " + alert + " (" + detail + ")";
                default -> kind + (detail == null ? "" : " (" + detail + ")");
            };
        }
    }

    private static void hello(String name, JsonNode c, Receiver r) throws Exception {
        byte[] hello = clientHello(hex(c.get("record").asText()), hex(c.get("version").asText()), suites(c.get("suites")),
                c.path("tls13").asBoolean(), names(c.get("extensions")));
        expectReply(name, c, tlsExchange(r, hello));
    }

    private static void sslv2(String name, JsonNode c, Receiver r) throws Exception {
        ByteArrayOutputStream specs = new ByteArrayOutputStream();
        for (JsonNode s : c.get("specs")) {
            specs.writeBytes(HexFormat.of().parseHex(s.asText()));
        }
        byte[] challenge = new byte[16];
        RANDOM.nextBytes(challenge);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(1); // CLIENT-HELLO
        u16(body, hex(c.get("version").asText()));
        u16(body, specs.size());
        u16(body, 0); // session id
        u16(body, challenge.length);
        body.writeBytes(specs.toByteArray());
        body.writeBytes(challenge);
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(0x80 | (body.size() >> 8));
        record.write(body.size() & 0xff);
        record.writeBytes(body.toByteArray());
        expectReply(name, c, tlsExchange(r, record.toByteArray()));
    }

    private static void expectReply(String name, JsonNode c, Reply reply) {
        System.out.printf("HostileConnectionIT: %s -> %s%n", name, reply);
        if (c.get("expect").asText().equals("refused")) {
            assertTrue(reply.kind().equals("alert") || reply.kind().equals("closed"), name + ": refused at the handshake, got " + reply);
            if (reply.kind().equals("alert")) {
                assertTrue(reply.detail().startsWith("2 "), name + ": a fatal alert: " + reply);
            }
        } else {
            assertEquals("server_hello", reply.kind(), name + ": " + reply);
            if (c.has("suite")) {
                assertEquals(hex(c.get("suite").asText()), reply.suite(), name + ": " + reply);
            }
            assertTrue(allowedSuiteCodes().contains(reply.suite()), name + ": a suite of TlsPolicy: " + reply);
        }
    }

    /** The IANA codes of {@link TlsPolicy#CIPHER_SUITES}. */
    private static List<Integer> allowedSuiteCodes() {
        Map<String, Integer> codes = Map.of("TLS_AES_128_GCM_SHA256", 0x1301, "TLS_AES_256_GCM_SHA384", 0x1302,
                "TLS_CHACHA20_POLY1305_SHA256", 0x1303, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", 0xc02b,
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", 0xc02f, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", 0xc02c,
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", 0xc030, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", 0xcca9,
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", 0xcca8);
        return TlsPolicy.CIPHER_SUITES.stream().map(codes::get).toList();
    }

    private static Reply tlsExchange(Receiver r, byte[] hello) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", r.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(hello);
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int type;
            try {
                type = in.readUnsignedByte();
            } catch (EOFException e) {
                return new Reply("closed", 0, 0, null);
            } catch (java.net.SocketException e) {
                return new Reply("closed", 0, 0, e.getMessage());
            } catch (SocketTimeoutException e) {
                return new Reply("timeout", 0, 0, null);
            }
            int version = in.readUnsignedShort();
            int length = in.readUnsignedShort();
            byte[] fragment = in.readNBytes(length);
            if (type == 21 && fragment.length >= 2) {
                return new Reply("alert", 0, fragment[1] & 0xff, fragment[0] + " " + alertName(fragment[1] & 0xff));
            }
            if (type == 22 && fragment.length > 40 && fragment[0] == 2) {
                int at = 4 + 2 + 32; // handshake header, legacy version, random
                at += 1 + (fragment[at] & 0xff); // session id
                return new Reply("server_hello", ((fragment[at] & 0xff) << 8) | (fragment[at + 1] & 0xff), 0,
                        String.format("record version %04x", version));
            }
            return new Reply("other", 0, 0, "record type " + type + ": " + HexFormat.of().formatHex(fragment, 0, Math.min(16, fragment.length)));
        }
    }

    private static String alertName(int code) {
        return switch (code) {
            case 10 -> "unexpected_message";
            case 40 -> "handshake_failure";
            case 42 -> "bad_certificate";
            case 46 -> "certificate_unknown";
            case 47 -> "illegal_parameter";
            case 48 -> "unknown_ca";
            case 50 -> "decode_error";
            case 70 -> "protocol_version";
            case 71 -> "insufficient_security";
            case 80 -> "internal_error";
            case 86 -> "inappropriate_fallback";
            case 109 -> "missing_extension";
            case 116 -> "certificate_required";
            default -> "alert " + code;
        };
    }

    /** A ClientHello offering exactly {@code suites}, with the named extensions (and, for TLS 1.3, supported_versions and an X25519 share). */
    static byte[] clientHello(int recordVersion, int clientVersion, int[] suites, boolean tls13, List<String> extensions) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        u16(body, clientVersion);
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        body.writeBytes(random);
        byte[] session = new byte[tls13 ? 32 : 0];
        RANDOM.nextBytes(session);
        body.write(session.length);
        body.writeBytes(session);
        u16(body, suites.length * 2);
        for (int s : suites) {
            u16(body, s);
        }
        body.write(1);
        body.write(0); // null compression only
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        if (extensions.contains("sni")) {
            byte[] host = "localhost".getBytes(StandardCharsets.US_ASCII);
            extension(ext, 0x0000, b -> {
                u16(b, host.length + 3);
                b.write(0);
                u16(b, host.length);
                b.writeBytes(host);
            });
        }
        if (extensions.contains("groups")) {
            extension(ext, 0x000a, b -> {
                u16(b, 6);
                u16(b, 0x001d);
                u16(b, 0x0017);
                u16(b, 0x0018);
            });
        }
        if (extensions.contains("points")) {
            extension(ext, 0x000b, b -> {
                b.write(1);
                b.write(0);
            });
        }
        if (extensions.contains("sigalgs")) {
            int[] algs = {0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0201, 0x0203};
            extension(ext, 0x000d, b -> {
                u16(b, algs.length * 2);
                for (int a : algs) {
                    u16(b, a);
                }
            });
        }
        if (extensions.contains("reneg")) {
            extension(ext, 0xff01, b -> b.write(0));
        }
        if (extensions.contains("ems")) {
            extension(ext, 0x0017, b -> { });
        }
        if (tls13) {
            extension(ext, 0x002b, b -> {
                b.write(2);
                u16(b, 0x0304);
            });
            byte[] share = new byte[32];
            RANDOM.nextBytes(share);
            extension(ext, 0x0033, b -> {
                u16(b, 36);
                u16(b, 0x001d);
                u16(b, 32);
                b.writeBytes(share);
            });
            extension(ext, 0x002d, b -> {
                b.write(1);
                b.write(1); // psk_dhe_ke
            });
        }
        u16(body, ext.size());
        body.writeBytes(ext.toByteArray());
        ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        handshake.write(1); // ClientHello
        handshake.write(body.size() >> 16);
        u16(handshake, body.size() & 0xffff);
        handshake.writeBytes(body.toByteArray());
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(22);
        u16(record, recordVersion);
        u16(record, handshake.size());
        record.writeBytes(handshake.toByteArray());
        return record.toByteArray();
    }

    private static void extension(ByteArrayOutputStream out, int type, java.util.function.Consumer<ByteArrayOutputStream> content) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        content.accept(b);
        u16(out, type);
        u16(out, b.size());
        out.writeBytes(b.toByteArray());
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write((v >> 8) & 0xff);
        out.write(v & 0xff);
    }

    private static int hex(String text) {
        return Integer.parseInt(text, 16);
    }

    private static int[] suites(JsonNode list) {
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = hex(list.get(i).asText());
        }
        return out;
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }

    // ---- openssl s_client ----

    private static void openssl(String name, JsonNode c, Receiver r) throws Exception {
        Assumptions.assumeTrue(opensslPresent(), "openssl is not installed");
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + r.port(),
                "-servername", "localhost", "-brief"));
        names(c.get("args")).forEach(cmd::add);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(new File("/dev/null")).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), name + ": openssl did not end");
        String oneLine = output.replace('\n', ' ');
        System.out.printf("HostileConnectionIT: %s -> exit %d: %s%n", name, p.exitValue(), oneLine.length() > 300 ? oneLine.substring(0, 300) : oneLine);
        for (String local : List.of("no protocols available", "no cipher match", "no ciphers available", "unknown option")) {
            assertFalse(output.contains(local), name + ": openssl refused locally (" + local + "), so the server was never asked: " + output);
        }
        boolean established = output.contains("CONNECTION ESTABLISHED");
        if (c.get("expect").asText().equals("refused")) {
            assertFalse(established, name + ": " + output);
            assertTrue(output.contains("alert") || output.contains("unexpected eof") || output.contains("Connection reset"),
                    name + ": refused by the server (an alert or a close): " + output);
        } else {
            assertTrue(established, name + ": " + output);
        }
    }

    private static volatile Boolean openssl;

    private static boolean opensslPresent() {
        if (openssl == null) {
            try {
                openssl = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start().waitFor() == 0;
            } catch (IOException | InterruptedException e) {
                openssl = false;
            }
        }
        return openssl;
    }

    // ---- client certificates ----

    private static void makeClientCertificates() throws Exception {
        clientCertificates.put("trusted:" + MAPPED, ca.issueClient(MAPPED));
        clientCertificates.put("trusted:CN=sensor-9,O=elsewhere", ca.issueClient("CN=sensor-9,O=elsewhere"));
        clientCertificates.put("wrong-ca", CertificateAuthority.create("CN=Intruder CA").issueClient(MAPPED));
        clientCertificates.put("wrong-ca-same-name", CertificateAuthority.create(CA_NAME).issueClient(MAPPED));
        IssuedCertificate selfSigned = selfSignedClient(MAPPED);
        clientCertificates.put("self-signed", selfSigned);
        clientCertificates.put("self-signed-with-ca", IssuedCertificate.of(List.of(selfSigned.certificate(), ca.certificate()),
                selfSigned.privateKey()));
        Instant now = Instant.now();
        clientCertificates.put("expired", ca.issue(LeafCertificateSpec.client(MAPPED)
                .withValidityWindow(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)))));
        clientCertificates.put("not-yet-valid", ca.issue(LeafCertificateSpec.client(MAPPED)
                .withValidityWindow(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)))));
        clientCertificates.put("server-usage", ca.issue(new LeafCertificateSpec(MAPPED, LeafCertificateSpec.Usage.SERVER,
                List.of("localhost"), KeyAlgorithm.EC_P256, null, Duration.ofDays(30))));
    }

    /** A self-signed end-entity certificate (CA:false, clientAuth) with that subject: no CA involved at all. */
    private static IssuedCertificate selfSignedClient(String subject) throws Exception {
        KeyPair keys = KeyAlgorithm.EC_P256.generateKeyPair();
        X500Name name = new X500Name(subject);
        Instant from = Instant.now().minus(Duration.ofMinutes(5));
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, RANDOM),
                Date.from(from), Date.from(from.plus(Duration.ofDays(30))), name, keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        return IssuedCertificate.of(List.of(cert), keys.getPrivate());
    }

    private static void clientCertificate(String name, JsonNode c, Receiver r) throws Exception {
        String kind = c.get("cert").asText();
        IssuedCertificate cert = switch (kind) {
            case "none" -> null;
            case "trusted" -> clientCertificates.get("trusted:" + c.get("subject").asText());
            default -> clientCertificates.get(kind);
        };
        // Presented whatever CAs the server names: the JDK's own key manager would quietly send none
        // when the server's CA list does not match, and the case would test nothing.
        SSLContext context = cert == null ? ClientTls.jdkContext(List.of(ca.certificate()), null)
                : ClientTls.jdkContextAlwaysPresenting(List.of(ca.certificate()), cert);
        String outcome;
        int status = 0;
        String code = null;
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", r.port())) {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {c.get("protocol").asText()});
            socket.startHandshake();
            byte[] body = ENTRY.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/logharbour/entries HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            byte[] answer = socket.getInputStream().readAllBytes();
            if (answer.length == 0) {
                outcome = "refused (closed without an answer)";
            } else {
                String text = new String(answer, StandardCharsets.ISO_8859_1);
                status = Integer.parseInt(text.substring(9, 12));
                String json = text.substring(text.indexOf("\r\n\r\n") + 4);
                JsonNode parsed = Json.mapper().readTree(json.substring(json.indexOf('{')));
                code = parsed.path("error").path("code").asText(null);
                if (status == 202) {
                    acceptedByReceipt.put(parsed.get("receipt").asText(), parsed.get("accepted").asInt());
                }
                outcome = status + (code == null ? "" : " " + code);
            }
        } catch (IOException e) {
            // javax.net.ssl.SSLHandshakeException, or with TLS 1.3 the server's alert on the first read
            outcome = "refused (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        }
        System.out.printf("HostileConnectionIT: %s -> %s%n", name, outcome);
        JsonNode expect = c.get("expect");
        if (expect.isTextual()) {
            assertTrue(outcome.startsWith("refused"), name + ": the handshake must fail, got " + outcome);
        } else {
            assertEquals(expect.asInt(), status, name + ": " + outcome);
            if (c.has("code")) {
                assertEquals(c.get("code").asText(), code, name + ": " + outcome);
            }
        }
        if (status == 202) {
            assertTrue(kind.equals("trusted") && c.get("subject").asText().equals(MAPPED),
                    name + ": only the test CA's valid certificate for the mapped subject may get in");
        }
    }

    // ---- HTTP/2 ----

    private static SSLContext trustingContext() {
        return ClientTls.jdkContext(List.of(ca.certificate()), null);
    }

    private static void http2(String name, JsonNode c, Receiver r) throws Exception {
        String attack = c.get("attack").asText();
        int count = c.get("count").asInt();
        String path = "/api/v1/logharbour/entries";
        long began = System.nanoTime();
        int sent = 0;
        try (RawHttp2 h2 = new RawHttp2(trustingContext(), "127.0.0.1", r.port())) {
            if (!attack.equals("ping_flood")) {
                h2.startReading();
            }
            try {
                switch (attack) {
                    case "rapid_reset" -> {
                        byte[] headers = RawHttp2.requestHeaders("POST", path, "127.0.0.1", "content-type", "application/json");
                        for (; sent < count; sent++) {
                            int stream = 2 * sent + 1;
                            h2.frame(RawHttp2.HEADERS, RawHttp2.END_HEADERS, stream, headers);
                            h2.rstStream(stream, RawHttp2.CANCEL);
                            if (sent % 64 == 63) {
                                h2.flush();
                            }
                        }
                    }
                    case "made_you_reset" -> {
                        byte[] headers = RawHttp2.requestHeaders("POST", path, "127.0.0.1", "content-type", "application/json",
                                "x-harbour-key", writeKey);
                        for (; sent < count; sent++) {
                            int stream = 2 * sent + 1;
                            h2.frame(RawHttp2.HEADERS, RawHttp2.END_HEADERS, stream, headers);
                            // a zero increment is a stream error: the server resets the stream itself
                            h2.frame(RawHttp2.WINDOW_UPDATE, 0, stream, RawHttp2.int32(0));
                            if (sent % 64 == 63) {
                                h2.flush();
                            }
                        }
                    }
                    case "continuation_flood" -> {
                        h2.frame(RawHttp2.HEADERS, 0, 1, RawHttp2.requestHeaders("POST", path, "127.0.0.1"));
                        byte[] one = RawHttp2.literalHeader("x-flood", "v".repeat(1000));
                        for (; sent < count; sent++) {
                            h2.frame(RawHttp2.CONTINUATION, 0, 1, one);
                            if (sent % 16 == 15) {
                                h2.flush();
                            }
                        }
                    }
                    case "open_streams" -> {
                        byte[] headers = RawHttp2.requestHeaders("POST", path, "127.0.0.1", "content-type", "application/json",
                                "x-harbour-key", writeKey);
                        for (; sent < count; sent++) {
                            h2.frame(RawHttp2.HEADERS, RawHttp2.END_HEADERS, 2 * sent + 1, headers);
                        }
                    }
                    case "ping_flood" -> {
                        byte[] payload = new byte[8];
                        for (; sent < count; sent++) {
                            h2.frame(RawHttp2.PING, 0, 0, payload);
                            if (sent % 256 == 255) {
                                h2.flush();
                            }
                        }
                    }
                    default -> fail("unknown attack " + attack);
                }
                h2.flush();
            } catch (IOException e) {
                // the server cut the connection while we were still sending: what the limits are for
            }
            double sendSeconds = (System.nanoTime() - began) / 1e9;
            if (attack.equals("ping_flood")) {
                h2.startReading();
            }
            boolean closed = h2.awaitClosed(attack.equals("open_streams") ? 2 : 15);
            System.out.printf("HostileConnectionIT: %s -> sent %d of %d in %.2f s; GOAWAY %s (last stream %d); resets %s; "
                            + "response HEADERS %d; PING ACKs %d; closed by the server %s%n",
                    name, sent, count, sendSeconds, h2.goAway(), h2.goAwayLastStream.get(), h2.resetsByCode,
                    h2.responseHeaders.get(), h2.pingAcks.get(), closed);
            int handled = h2.responseHeaders.get() + h2.resetsByCode.values().stream().mapToInt(AtomicInteger::get).sum();
            switch (c.get("expect").asText()) {
                case "goaway" -> {
                    assertTrue(closed, name + ": the server ends the abusive connection");
                    assertEquals(c.get("error").asText(), h2.goAway(), name + ": with GOAWAY");
                    if (c.has("handled_below")) {
                        assertTrue(handled < c.get("handled_below").asInt(), name + ": the server dealt with " + handled
                                + " streams before it cut the connection");
                    }
                    if (c.path("refused_streams").asBoolean()) {
                        assertTrue(h2.resets("REFUSED_STREAM") > 0, name + ": streams past the limit refused: " + h2.resetsByCode);
                    }
                }
                case "closed" -> assertTrue(closed && h2.pingAcks.get() < count, name + ": the server cut the connection");
                default -> fail("unknown expectation in " + c);
            }
        }
    }

    // ---- the receiver still answers ----

    private static void healthy(String name, Receiver r) throws Exception {
        SSLContext context = trustingContext();
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", r.port())) {
            socket.setSoTimeout(20_000);
            socket.setSSLParameters(ClientTls.jdkParameters(context));
            socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("HTTP/1.1 200 "), "receiver " + r.name() + " still answers after " + name + ": " + text);
        }
    }

    private static void stillUp(String name, Receiver r) throws Exception {
        SSLContext context = trustingContext();
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", r.port())) {
            socket.setSoTimeout(20_000);
            socket.setSSLParameters(ClientTls.jdkParameters(context));
            byte[] body = ENTRY.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/logharbour/entries HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Harbour-Key: " + writeKey
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("HTTP/1.1 202 "), "receiver " + r.name() + " still answers after " + name + ": " + text);
            JsonNode json = Json.mapper().readTree(text.substring(text.indexOf("\r\n\r\n") + 4));
            acceptedByReceipt.put(json.get("receipt").asText(), json.get("accepted").asInt());
        }
    }
}
