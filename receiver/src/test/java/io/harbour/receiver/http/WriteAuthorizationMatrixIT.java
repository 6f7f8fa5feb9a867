package io.harbour.receiver.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.harbour.certs.CertificateAuthority;
import io.harbour.certs.ClientTls;
import io.harbour.certs.IssuedCertificate;
import io.harbour.model.Json;
import io.harbour.model.LogKind;
import io.harbour.model.RecordHeaders;
import io.harbour.realms.Cidr;
import io.harbour.realms.CredentialKind;
import io.harbour.realms.IssuedCredential;
import io.harbour.realms.QueryScope;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receiver's authorization matrix, generated: realms x credentials x source addresses x
 * routes, each cell one request over real TLS (its own connection, bound to its source address,
 * with its own client certificate or none) to a receiver authenticating with the real
 * {@link SenderAuthenticator} over a realm file made by {@link RealmFile}, producing to the real
 * broker.
 *
 * <p>Each ingest cell asserts its status and error code; an accepted one also that its record
 * reached Kafka with the realm, sender identity, sender address and kind headers it should carry;
 * a refused one that it did not. The last test reads every ingest topic to its end and checks
 * that exactly the accepted cells' records are there, once each, and none of the refused ones'.
 *
 * <p>What the operational routes require: nothing. {@code /healthz}, {@code /readyz} and
 * {@code /metrics} answer 200 to any sender that completes the TLS handshake, with or without a
 * key, certificate or known address (a load balancer's probe and Prometheus carry none); they
 * produce nothing, and {@code /metrics} must not show any key or token.
 *
 * <p>Source addresses: the receiver listens on 127.0.0.1 and each cell's socket is bound to one
 * of 127.0.0.1 (in no realm's ranges), the realm's own range or another realm's, which Linux
 * routes over loopback (all of 127.0.0.0/8 is local).
 */
@ExtendWith(HarbourStackExtension.class)
class WriteAuthorizationMatrixIT {
    private static final String OUTSIDE_ADDRESS = "127.0.0.1";
    private static final String RUN = "authz" + Long.toString(System.nanoTime(), 36);

    /** Three realms: two plain ones and one whose keys count only from its own range. */
    private static final List<RealmSpec> REALMS = List.of(
            new RealmSpec("authz-alpha", "127.0.0.2", false, "CN=sensor-alpha,O=authz matrix"),
            new RealmSpec("authz-beta", "127.0.0.3", false, "CN=sensor-beta,O=authz matrix"),
            new RealmSpec("authz-gamma", "127.0.0.4", true, "CN=sensor-gamma,O=authz matrix"));
    private static final String UNMAPPED_SUBJECT = "CN=sensor-stranger,O=authz matrix";

    @TempDir
    static Path dir;
    static TlsFixture tls;
    static KafkaPublisherSettings kafkaSettings;
    static KafkaIngestPublisher publisher;
    static ReceiverServer server;
    static int port;
    static KafkaConsumer<byte[], byte[]> consumer;
    /** Records of this run seen so far, by the cell marker in their body. */
    static final Map<String, List<ConsumerRecord<byte[], byte[]>>> seen = new HashMap<>();
    static final Map<String, RealmKeys> keys = new LinkedHashMap<>();
    static final Map<String, SSLContext> contexts = new HashMap<>();
    static final List<String> secrets = new ArrayList<>();
    /** Open keep-alive connections by client certificate and source address. */
    static final Map<String, SSLSocket> connections = new HashMap<>();

    /** What was issued to a realm, as its owner holds it. */
    record RealmKeys(RealmSpec spec, IssuedCredential writeKey, IssuedCredential queryToken, IssuedCredential revokedKey) {
    }

    record RealmSpec(String name, String sourceAddress, boolean requireSourceRange, String subject) {
    }

    @BeforeAll
    static void start(KafkaBroker broker) throws Exception {
        tls = new TlsFixture(dir.resolve("certs"));
        RealmFile realmFile = new RealmFile(dir.resolve("realms.yaml"));
        for (RealmSpec spec : REALMS) {
            realmFile.createRealm(new Realm(spec.name(), List.of(Cidr.parse(spec.sourceAddress() + "/32")), spec.requireSourceRange(),
                    List.of(spec.subject()), List.of(), List.of()));
            IssuedCredential write = realmFile.issueWriteKey(spec.name(), "matrix");
            IssuedCredential query = realmFile.issueQueryToken(spec.name(), QueryScope.EVERYTHING_BUT_DEBUG, "matrix");
            IssuedCredential revoked = realmFile.issueWriteKey(spec.name(), "matrix, revoked");
            realmFile.revoke(revoked.id());
            keys.put(spec.name(), new RealmKeys(spec, write, query, revoked));
            secrets.add(write.key());
            secrets.add(query.key());
            secrets.add(revoked.key());
            contexts.put(spec.subject(), ClientTls.jdkContext(List.of(tls.ca.certificate()), tls.ca.issueClient(spec.subject())));
        }
        contexts.put(UNMAPPED_SUBJECT, ClientTls.jdkContext(List.of(tls.ca.certificate()), tls.ca.issueClient(UNMAPPED_SUBJECT)));
        CertificateAuthority stranger = CertificateAuthority.create("CN=Some other CA");
        IssuedCertificate foreign = stranger.issueClient(REALMS.get(0).subject());
        // Presented whatever CAs the server asks for: the JDK's key manager would otherwise keep a
        // certificate of an unrequested CA to itself, and the cell would test "no certificate".
        contexts.put("foreign-ca", ClientTls.jdkContextAlwaysPresenting(List.of(tls.ca.certificate()), foreign));
        contexts.put("none", ClientTls.jdkContext(List.of(tls.ca.certificate()), null));

        kafkaSettings = KafkaPublisherSettings.defaults(broker.bootstrapServers());
        IngestTopics.ensure(kafkaSettings);
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (LogKind kind : LogKind.values()) {
            String topic = kafkaSettings.topic(kind);
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now: only this run's records are read

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        publisher = new KafkaIngestPublisher(kafkaSettings, registry);
        SenderAuthenticator authenticator = new SenderAuthenticator(realmFile.path());
        server = new ReceiverServer(ReceiverHttpSettings.defaults().toBuilder().host("127.0.0.1").port(0).build(),
                tls.server, authenticator::authenticate, publisher, registry);
        port = server.start().getPort();
    }

    @AfterAll
    static void stop() {
        connections.values().forEach(WriteAuthorizationMatrixIT::closeQuietly);
        if (server != null) {
            server.close();
        }
        if (publisher != null) {
            publisher.close();
        }
        if (consumer != null) {
            consumer.close();
        }
    }

    // ---------------------------------------------------------------- the axes

    /** Where a cell's connection comes from, relative to its realm. */
    enum Source {
        /** 127.0.0.1: in no realm's source ranges. */
        OUTSIDE,
        /** The realm's own source range. */
        OWN_RANGE,
        /** The next realm's source range. */
        OTHER_RANGE
    }

    /** The receiver's routes, as a sender calls them. */
    enum Target {
        EXTRAHOP_LOG("/log", LogKind.EXTRAHOP),
        EXTRAHOP_APILOGS("/api/v1/extrahop/apilogs", LogKind.EXTRAHOP),
        OBSERVATIONS("/api/v1/observations/associatedipaddrs", LogKind.OBSERVATIONS),
        LOGHARBOUR_ENTRIES("/api/v1/logharbour/entries", LogKind.LOGHARBOUR),
        HEALTHZ("/healthz", null),
        READYZ("/readyz", null),
        METRICS("/metrics", null);

        final String path;
        final LogKind kind;

        Target(String path, LogKind kind) {
            this.path = path;
            this.kind = kind;
        }

        boolean ingests() {
            return kind != null;
        }

        /** A valid body of the route's format that carries {@code marker}. */
        String body(String marker, int sequence) {
            return switch (this) {
                case EXTRAHOP_LOG, EXTRAHOP_APILOGS -> "{\"sequence\":" + sequence + ",\"request\":{\"Method\":\"POST\","
                        + "\"Host\":\"appliance.example.extrahop.com\",\"RemoteAddr\":\"127.0.0.1:1234\",\"RequestURI\":\"/authz/" + marker
                        + "\",\"TLSVersion\":\"TLS1.2\",\"Proto\":\"HTTP/1.1\",\"ContentLength\":0,\"TransferEncoding\":null,"
                        + "\"Header\":{\"Accept\":[\"application/json\"]},\"Close\":false,\"Trailer\":null}}";
                case OBSERVATIONS -> "{\"observations\":[{\"ipaddr\":\"10.8.0.6\",\"associated_ipaddr\":\"198.51.100.7\","
                        + "\"timestamp\":1678150650}],\"source\":\"" + marker + "\"}";
                case LOGHARBOUR_ENTRIES -> "{\"app\":\"AuthzMatrix\",\"system\":\"it\",\"module\":\"m\",\"type\":\"A\",\"pri\":\"Info\","
                        + "\"when\":\"2026-11-23T05:56:38Z\",\"msg\":\"" + marker + "\"}";
                default -> null;
            };
        }
    }

    /** What a sender presents: headers and a client certificate, built for one realm of the matrix. */
    enum Credential {
        WRITE_KEY_BEARER,
        WRITE_KEY_EXTRAHOP_APIKEY,
        WRITE_KEY_X_HARBOUR_KEY,
        QUERY_TOKEN_BEARER,
        QUERY_TOKEN_X_HARBOUR_KEY,
        REVOKED_WRITE_KEY,
        WRITE_KEY_WRONG_SECRET,
        UNKNOWN_WRITE_KEY,
        NOT_A_KEY_BASIC_AUTH,
        TWO_DIFFERENT_KEYS,
        NO_CREDENTIAL,
        CLIENT_CERT_MAPPED,
        CLIENT_CERT_UNMAPPED,
        CLIENT_CERT_WITH_OTHER_REALMS_KEY,
        CLIENT_CERT_FROM_FOREIGN_CA
    }

    /** A cell's expectation: an HTTP answer, or a TLS handshake that never lets a request through. */
    record Expected(int status, String code, String realm, String identity, boolean handshakeRefused) {
        static Expected accepted(String realm, String identity) {
            return new Expected(202, null, realm, identity, false);
        }

        static Expected refused(int status, String code) {
            return new Expected(status, code, null, null, false);
        }

        static Expected ok() {
            return new Expected(200, null, null, null, false);
        }

        static Expected noHandshake() {
            return new Expected(0, null, null, null, true);
        }

        @Override
        public String toString() {
            if (handshakeRefused) {
                return "TLS handshake refused";
            }
            return status + (code != null ? " " + code : "") + (realm != null ? " realm=" + realm + " identity=" + identity : "");
        }
    }

    record Cell(int index, RealmKeys realm, RealmKeys other, Credential credential, Source source, Target target, Expected expected) {
        String marker() {
            return RUN + "-c" + index;
        }

        String sourceAddress() {
            return switch (source) {
                case OUTSIDE -> OUTSIDE_ADDRESS;
                case OWN_RANGE -> realm.spec().sourceAddress();
                case OTHER_RANGE -> other.spec().sourceAddress();
            };
        }

        String name() {
            return "#" + index + " " + target.path + " | " + realm.spec().name() + " | " + credential + " | from " + source
                    + " (" + sourceAddress() + ") => " + expected;
        }
    }

    /**
     * The expected answer, from the rules in {@link SenderAuthenticator}'s documentation: a key
     * decides alone (and a realm with {@code require_source_range} takes it only from its own
     * range); else a mapped certificate; else an address in some realm's range; else 401.
     */
    static Expected expect(RealmKeys realm, RealmKeys other, Credential credential, Source source, Target target) {
        if (credential == Credential.CLIENT_CERT_FROM_FOREIGN_CA) {
            return Expected.noHandshake();
        }
        if (!target.ingests()) {
            return Expected.ok();
        }
        String address = switch (source) {
            case OUTSIDE -> OUTSIDE_ADDRESS;
            case OWN_RANGE -> realm.spec().sourceAddress();
            case OTHER_RANGE -> other.spec().sourceAddress();
        };
        RealmKeys byAddress = switch (source) {
            case OUTSIDE -> null;
            case OWN_RANGE -> realm;
            case OTHER_RANGE -> other;
        };
        return switch (credential) {
            case WRITE_KEY_BEARER, WRITE_KEY_EXTRAHOP_APIKEY, WRITE_KEY_X_HARBOUR_KEY -> byKey(realm, address);
            case CLIENT_CERT_WITH_OTHER_REALMS_KEY -> byKey(other, address);
            case QUERY_TOKEN_BEARER, QUERY_TOKEN_X_HARBOUR_KEY, REVOKED_WRITE_KEY, WRITE_KEY_WRONG_SECRET, UNKNOWN_WRITE_KEY,
                 NOT_A_KEY_BASIC_AUTH -> Expected.refused(401, "unknown_key");
            case TWO_DIFFERENT_KEYS -> Expected.refused(401, "conflicting_credentials");
            case CLIENT_CERT_MAPPED -> Expected.accepted(realm.spec().name(), "cert:" + realm.spec().subject());
            case NO_CREDENTIAL -> byAddress == null ? Expected.refused(401, "missing_credentials")
                    : Expected.accepted(byAddress.spec().name(), "addr:" + address);
            case CLIENT_CERT_UNMAPPED -> byAddress == null ? Expected.refused(401, "unknown_certificate")
                    : Expected.accepted(byAddress.spec().name(), "addr:" + address);
            case CLIENT_CERT_FROM_FOREIGN_CA -> throw new AssertionError("handled above");
        };
    }

    private static Expected byKey(RealmKeys owner, String address) {
        if (owner.spec().requireSourceRange() && !owner.spec().sourceAddress().equals(address)) {
            return Expected.refused(403, "address_refused");
        }
        return Expected.accepted(owner.spec().name(), "key:" + owner.writeKey().id());
    }

    /** Headers (name, value, ...) and the TLS context a credential is presented with. */
    record Presented(List<String> headers, String contextName) {
        SSLContext context() {
            return contexts.get(contextName);
        }
    }

    static Presented present(RealmKeys realm, RealmKeys other, Credential credential) {
        String key = realm.writeKey().key();
        String none = "none";
        return switch (credential) {
            case WRITE_KEY_BEARER -> new Presented(List.of("Authorization: Bearer " + key), none);
            case WRITE_KEY_EXTRAHOP_APIKEY -> new Presented(List.of("Authorization: ExtraHop apikey=" + key), none);
            case WRITE_KEY_X_HARBOUR_KEY -> new Presented(List.of("X-Harbour-Key: " + key), none);
            case QUERY_TOKEN_BEARER -> new Presented(List.of("Authorization: Bearer " + realm.queryToken().key()), none);
            case QUERY_TOKEN_X_HARBOUR_KEY -> new Presented(List.of("X-Harbour-Key: " + realm.queryToken().key()), none);
            case REVOKED_WRITE_KEY -> new Presented(List.of("Authorization: Bearer " + realm.revokedKey().key()), none);
            case WRITE_KEY_WRONG_SECRET -> new Presented(List.of("Authorization: Bearer " + otherSecret(key)), none);
            case UNKNOWN_WRITE_KEY -> new Presented(List.of("Authorization: Bearer "
                    + IssuedCredential.generate(CredentialKind.WRITE, id -> false).key()), none);
            case NOT_A_KEY_BASIC_AUTH -> new Presented(List.of("Authorization: Basic YWRtaW46" + "YWRtaW4="), none);
            case TWO_DIFFERENT_KEYS -> new Presented(List.of("Authorization: Bearer " + key, "X-Harbour-Key: " + other.writeKey().key()), none);
            case NO_CREDENTIAL -> new Presented(List.of(), none);
            case CLIENT_CERT_MAPPED -> new Presented(List.of(), realm.spec().subject());
            case CLIENT_CERT_UNMAPPED -> new Presented(List.of(), UNMAPPED_SUBJECT);
            case CLIENT_CERT_WITH_OTHER_REALMS_KEY -> new Presented(List.of("Authorization: Bearer " + other.writeKey().key()),
                    realm.spec().subject());
            case CLIENT_CERT_FROM_FOREIGN_CA -> new Presented(List.of(), "foreign-ca");
        };
    }

    /** The same id with the secret's last character changed: a key that was never issued. */
    private static String otherSecret(String key) {
        char last = key.charAt(key.length() - 1);
        return key.substring(0, key.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    // ---------------------------------------------------------------- the matrix

    static final List<Cell> cells = new ArrayList<>();

    @TestFactory
    Stream<DynamicNode> matrix() {
        AtomicInteger index = new AtomicInteger();
        List<RealmKeys> realms = new ArrayList<>(keys.values());
        for (Target target : Target.values()) {
            for (int r = 0; r < realms.size(); r++) {
                RealmKeys realm = realms.get(r);
                RealmKeys other = realms.get((r + 1) % realms.size());
                for (Credential credential : Credential.values()) {
                    for (Source source : Source.values()) {
                        cells.add(new Cell(index.getAndIncrement(), realm, other, credential, source, target,
                                expect(realm, other, credential, source, target)));
                    }
                }
            }
        }
        Map<String, Long> byOutcome = new TreeMap<>();
        cells.forEach(c -> byOutcome.merge(c.expected().handshakeRefused() ? "handshake refused" : c.expected().status()
                + (c.expected().code() == null ? "" : " " + c.expected().code()), 1L, Long::sum));
        System.out.printf("write authorization matrix: %d realms x %d credentials x %d sources x %d routes = %d cells; expected %s%n",
                realms.size(), Credential.values().length, Source.values().length, Target.values().length, cells.size(), byOutcome);
        assertEquals(REALMS.size() * Credential.values().length * Source.values().length * Target.values().length, cells.size());

        Map<Target, List<DynamicNode>> byTarget = new EnumMap<>(Target.class);
        for (Cell cell : cells) {
            byTarget.computeIfAbsent(cell.target(), t -> new ArrayList<>()).add(DynamicTest.dynamicTest(cell.name(), () -> run(cell)));
        }
        Stream<DynamicNode> routes = byTarget.entrySet().stream()
                .map(e -> DynamicContainer.dynamicContainer(e.getKey().path, e.getValue().stream()));
        return Stream.concat(routes, Stream.of(
                DynamicTest.dynamicTest("every route of the receiver is in the matrix", WriteAuthorizationMatrixIT::everyRouteCovered),
                DynamicTest.dynamicTest("Kafka holds exactly the accepted cells' records, once each", WriteAuthorizationMatrixIT::kafkaHoldsExactlyTheAccepted)));
    }

    private static void everyRouteCovered() {
        Set<String> served = new java.util.TreeSet<>();
        for (Route route : Route.values()) {
            served.add(route.method() + " " + route.path());
        }
        Set<String> covered = new java.util.TreeSet<>();
        for (Target target : Target.values()) {
            covered.add((target.ingests() ? "POST " : "GET ") + target.path);
        }
        assertEquals(served, covered);
    }

    private static void run(Cell cell) throws Exception {
        Presented presented = present(cell.realm(), cell.other(), cell.credential());
        byte[] request;
        String[] headers = presented.headers().toArray(String[]::new);
        if (cell.target().ingests()) {
            request = EmbeddedReceiver.post(cell.target().path, cell.target().body(cell.marker(), 10_000 + cell.index()), headers);
        } else {
            StringBuilder get = new StringBuilder("GET " + cell.target().path + " HTTP/1.1\r\nHost: receiver\r\n");
            for (String h : headers) {
                get.append(h).append("\r\n");
            }
            request = get.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        }
        ReceiverServerIT.RawResponse response;
        try {
            response = exchange(presented, cell.sourceAddress(), request);
        } catch (IOException e) {
            if (cell.expected().handshakeRefused()) {
                assertNothingProduced(cell);
                return;
            }
            throw new AssertionError(cell.name() + ": no answer: " + e, e);
        }
        Expected expected = cell.expected();
        if (expected.handshakeRefused()) {
            fail(cell.name() + ": a certificate from another CA got an HTTP answer: " + response.status() + " " + response.body());
        }
        assertEquals(expected.status(), response.status(), () -> cell.name() + ": " + response.body());
        if (expected.code() != null) {
            assertEquals(expected.code(), Json.mapper().readTree(response.body()).path("error").path("code").asText(), response.body());
        }
        for (String secret : secrets) {
            assertFalse(response.body().contains(secret), "an answer shows a key or token");
        }
        if (cell.target() == Target.METRICS) {
            assertTrue(response.body().contains("# TYPE"), "Prometheus text");
        }
        if (expected.status() == 202) {
            assertProduced(cell, Json.mapper().readTree(response.body()).path("receipt").asText());
        } else {
            assertNothingProduced(cell);
        }
    }

    /**
     * One request and its answer. Connections are kept alive per client certificate and source
     * address and reused by the next cell with the same ones (whatever its headers), so the
     * matrix also checks that nothing about a sender is remembered per connection: a connection
     * whose previous request carried a good key is still refused without one. A connection the
     * server closed, or one that fails on reuse, is replaced by a new one.
     */
    private static ReceiverServerIT.RawResponse exchange(Presented presented, String source, byte[] request) throws IOException {
        String key = presented.contextName() + "@" + source;
        SSLSocket socket = connections.remove(key);
        boolean reused = socket != null;
        ReceiverServerIT.RawResponse response;
        try {
            if (socket == null) {
                socket = open(presented.context(), source);
            }
            response = send(socket, request);
        } catch (IOException e) {
            closeQuietly(socket);
            if (!reused) {
                throw e;
            }
            socket = open(presented.context(), source);
            try {
                response = send(socket, request);
            } catch (IOException again) {
                closeQuietly(socket);
                throw again;
            }
        }
        if ("close".equalsIgnoreCase(response.headers().get("connection"))) {
            closeQuietly(socket);
        } else {
            connections.put(key, socket);
        }
        return response;
    }

    private static SSLSocket open(SSLContext context, String source) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory()
                .createSocket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(source), 0);
        socket.setSSLParameters(ClientTls.jdkParameters(context));
        socket.setSoTimeout(30_000);
        socket.startHandshake();
        return socket;
    }

    private static ReceiverServerIT.RawResponse send(SSLSocket socket, byte[] request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
        InputStream in = socket.getInputStream();
        return ReceiverServerIT.RawResponse.read(in);
    }

    private static void closeQuietly(SSLSocket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // going away anyway
            }
        }
    }

    /** Reads whatever the broker has for this run into {@link #seen}, for at most {@code wait}. */
    private static void poll(Duration wait) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
            String body = new String(r.value(), StandardCharsets.UTF_8);
            int at = body.indexOf(RUN + "-c");
            if (at >= 0) {
                int end = at + RUN.length() + 2;
                while (end < body.length() && Character.isDigit(body.charAt(end))) {
                    end++;
                }
                seen.computeIfAbsent(body.substring(at, end), m -> new ArrayList<>()).add(r);
            }
        }
    }

    private static void assertProduced(Cell cell, String receipt) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!seen.containsKey(cell.marker()) && System.nanoTime() < deadline) {
            poll(Duration.ofMillis(100));
        }
        List<ConsumerRecord<byte[], byte[]>> records = seen.get(cell.marker());
        assertTrue(records != null && !records.isEmpty(), cell.name() + ": answered 202 but its record is not in Kafka");
        ConsumerRecord<byte[], byte[]> record = records.get(0);
        assertEquals(kafkaSettings.topic(cell.target().kind), record.topic());
        assertEquals(cell.expected().realm(), KafkaRecords.header(record, RecordHeaders.REALM), "realm header");
        assertEquals(cell.expected().identity(), KafkaRecords.header(record, RecordHeaders.SENDER_IDENTITY), "sender identity header");
        assertEquals(cell.sourceAddress(), KafkaRecords.header(record, RecordHeaders.SENDER_ADDRESS), "sender address header");
        assertEquals(cell.target().kind.wireName(), KafkaRecords.header(record, RecordHeaders.KIND), "kind header");
        assertEquals(receipt, KafkaRecords.header(record, RecordHeaders.RECEIPT_ID), "receipt header");
        assertTrue(new String(record.key(), StandardCharsets.UTF_8).startsWith(cell.expected().realm() + "|"), "the key starts with the realm");
    }

    private static void assertNothingProduced(Cell cell) {
        poll(Duration.ZERO);
        assertFalse(seen.containsKey(cell.marker()), cell.name() + ": refused, yet its record reached Kafka");
    }

    private static void kafkaHoldsExactlyTheAccepted() {
        assertFalse(cells.isEmpty(), "the matrix ran");
        List<TopicPartition> partitions = new ArrayList<>(consumer.assignment());
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            assertTrue(System.nanoTime() < deadline, "could not read the ingest topics to their end");
            poll(Duration.ofMillis(200));
        }
        Map<String, Cell> byMarker = new HashMap<>();
        cells.forEach(c -> byMarker.put(c.marker(), c));
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<ConsumerRecord<byte[], byte[]>>> e : seen.entrySet()) {
            Cell cell = byMarker.get(e.getKey());
            if (cell == null) {
                problems.add(e.getKey() + ": a record of no cell");
            } else if (cell.expected().status() != 202) {
                problems.add(cell.name() + ": refused but in Kafka");
            } else if (e.getValue().size() != 1) {
                problems.add(cell.name() + ": " + e.getValue().size() + " records instead of 1");
            }
        }
        long accepted = cells.stream().filter(c -> c.expected().status() == 202).count();
        for (Cell cell : cells) {
            if (cell.expected().status() == 202 && !seen.containsKey(cell.marker())) {
                problems.add(cell.name() + ": accepted but not in Kafka");
            }
        }
        System.out.printf("write authorization matrix: %d accepted cells, %d records of this run in Kafka, %d refused cells with none%n",
                accepted, seen.values().stream().mapToInt(List::size).sum(), cells.size() - accepted);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
