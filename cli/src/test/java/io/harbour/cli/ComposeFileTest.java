package io.harbour.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harbour.config.Checked;
import io.harbour.config.ConfigException;
import io.harbour.config.ConfigLoader;
import io.harbour.indexer.Indexer;
import io.harbour.indexer.IndexerConfig;
import io.harbour.query.QueryApiConfig;
import io.harbour.query.http.RouteTable;
import io.harbour.receiver.ReceiverConfig;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * What cannot run here (no container engine) is still checked: compose.yaml, read as compose reads
 * it (YAML anchors and merge keys resolved, {@code ${VAR:-default}} interpolated, profiles applied),
 * in both topologies: the default (one Elasticsearch node) and {@code deploy/es-cluster.env}.
 *
 * <ul>
 *   <li>each harbour service's command is one the launcher's picocli tree accepts;</li>
 *   <li>each service's mounted configuration file, with the service's environment applied, is loaded
 *       by {@link ConfigLoader} exactly as the command loads it (unknown keys and variables refused)
 *       and passes the service's checks; files it names live in volumes the service mounts;</li>
 *   <li>published ports and health-check URLs match the loaded {@code http.port}, health paths are
 *       routes of that server (the indexer's: plain HTTP on its unpublished operational port, /readyz,
 *       scraped by Prometheus);</li>
 *   <li>Kafka: three nodes in one quorum, RF 3 at most the brokers, min.insync 2 below it, internal
 *       topics RF 3; bootstrap servers and Elasticsearch URLs name running services; index replicas
 *       fit the nodes; one consumer group; stop grace periods longer than the graceful shutdowns.</li>
 * </ul>
 * Compose files are read with SnakeYAML (Jackson YAML's own parser) because Jackson's tree reader
 * does not resolve merge keys ({@code <<: *anchor}), which compose does; the result is a Jackson tree.
 */
class ComposeFileTest {
    static final Path ROOT = repositoryRoot();
    static final String HARBOUR_IMAGE = "harbour:";
    /** Variables the image's launcher reads itself (deploy/docker/harbour, Dockerfile); not configuration keys. */
    static final Set<String> LAUNCHER_VARIABLES = Set.of("HARBOUR_JAVA_OPTS", "HARBOUR_STATE_DIR");
    static final String ES_CLUSTER = "es-cluster";
    /** The es-cluster profile's guard (compose.yaml's header says why). */
    static final String ES_CLUSTER_CHECK = "es-cluster-check";

    record Topology(String name, Map<String, String> variables, Set<String> profiles) {
    }

    static Topology defaultTopology() {
        return new Topology("default", Map.of(), Set.of());
    }

    static Topology esCluster() throws IOException {
        Map<String, String> vars = new TreeMap<>();
        for (String line : Files.readAllLines(ROOT.resolve("deploy/es-cluster.env"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int eq = line.indexOf('=');
                vars.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return new Topology("es-cluster", vars, Set.of(vars.getOrDefault("COMPOSE_PROFILES", "").split(",")));
    }

    static List<Topology> topologies() throws IOException {
        return List.of(defaultTopology(), esCluster());
    }

    // ---------------------------------------------------------------- the launcher knows each command

    @Test
    void everyHarbourCommandIsOneTheLauncherAccepts() throws Exception {
        Compose compose = Compose.load(defaultTopology(), true);
        Set<String> commands = new TreeSet<>();
        for (Map.Entry<String, JsonNode> s : compose.harbourServices().entrySet()) {
            List<String> args = strings(s.getValue().path("command"));
            assertFalse(args.isEmpty(), s.getKey() + ": a harbour service names its command");
            List<CommandLine> parsed;
            try {
                parsed = new CommandLine(new HarbourCli()).parseArgs(args.toArray(String[]::new)).asCommandLineList();
            } catch (CommandLine.ParameterException e) {
                throw new AssertionError(s.getKey() + ": `harbour " + String.join(" ", args) + "` is refused: " + e.getMessage(), e);
            }
            commands.add(parsed.stream().skip(1).map(CommandLine::getCommandName).collect(Collectors.joining(" ")));
        }
        assertTrue(commands.containsAll(List.of("receiver", "indexer", "query-api", "certs init", "certs server")), commands.toString());
        // The image's entrypoint is the launcher, which runs HarbourCli with HARBOUR_JAVA_OPTS.
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertTrue(dockerfile.contains("ENTRYPOINT [\"/usr/local/bin/harbour\"]"), "the image's entrypoint is the launcher");
        assertTrue(dockerfile.contains("COPY --chmod=755 deploy/docker/harbour /usr/local/bin/harbour"));
        String launcher = Files.readString(ROOT.resolve("deploy/docker/harbour"));
        assertTrue(launcher.contains("exec java ") && launcher.contains("${HARBOUR_JAVA_OPTS:-}")
                && launcher.contains(HarbourCli.class.getName()), launcher);
        assertTrue(dockerfile.contains("USER harbour"), "the services run as a user, not root");
    }

    @Test
    void theLauncherRefusesWhatItDoesNotKnow() {
        // The check above can fail: an unknown subcommand or option is refused by the same parser.
        assertThrows(CommandLine.ParameterException.class, () -> new CommandLine(new HarbourCli()).parseArgs("recevier"));
        assertThrows(CommandLine.ParameterException.class,
                () -> new CommandLine(new HarbourCli()).parseArgs("indexer", "--configuration", "x.yaml"));
    }

    // ---------------------------------------------------------------- configuration: file + environment

    @Test
    void eachServiceConfigurationLoadsWithItsComposeEnvironmentInBothTopologies() throws Exception {
        for (Topology t : topologies()) {
            Compose compose = Compose.load(t, false);
            Map<String, Integer> loaded = new TreeMap<>();
            for (String name : compose.harbourServices().keySet()) {
                String command = compose.command(name);
                if (Service.of(command) != null) {
                    Checked config = compose.config(name);
                    assertTrue(config.problems().isEmpty(), t.name() + "/" + name + ": " + config.problems());
                    loaded.merge(command, 1, Integer::sum);
                }
            }
            assertEquals(Map.of("indexer", 2, "query-api", 1, "receiver", 2), loaded, t.name());
        }
    }

    @Test
    void aMisspeltVariableOrKeyIsRefusedByTheSameLoad() throws Exception {
        Compose compose = Compose.load(defaultTopology(), false);
        Map<String, String> env = new TreeMap<>(compose.environment("receiver-1"));
        env.put("HARBOUR_RECEIVER_KAFKA_BOOTSTRAP_SERVER", "kafka-1:9092");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(ROOT.resolve("deploy/config/receiver.yaml"),
                ReceiverConfig.defaults(), ReceiverCommand.ENV_PREFIX, env));
        assertTrue(e.getMessage().contains("HARBOUR_RECEIVER_KAFKA_BOOTSTRAP_SERVER"), e.getMessage());
        assertThrows(AssertionError.class, () -> compose.checkVariables("receiver-1", Map.of("HARBOUR_RECIEVER_HTTP_PORT", "1"), "HARBOUR_RECEIVER_"));
    }

    @Test
    void filesTheConfigurationsNameLiveInVolumesTheServiceMounts() throws Exception {
        Compose compose = Compose.load(defaultTopology(), false);
        for (String name : compose.harbourServices().keySet()) {
            Checked config = compose.configOrNull(name);
            List<String> files = new ArrayList<>();
            if (config instanceof ReceiverConfig rc) {
                files.addAll(List.of(rc.tls().certificateChain(), rc.tls().privateKey(), rc.tls().clientCa(), rc.realmsFile()));
            } else if (config instanceof QueryApiConfig qc) {
                files.addAll(List.of(qc.tls().certificateChain(), qc.tls().privateKey(), qc.realmsFile()));
            }
            for (String file : files) {
                String mount = compose.mountFor(name, file);
                assertTrue(mount != null && mount.startsWith("harbour-state:"), name + ": " + file + " is in no mounted volume (" + mount + ")");
            }
        }
        // The certificates the services read are the ones the certs services write there.
        List<String> server = strings(compose.service("certs-server").path("command"));
        assertEquals("/var/lib/harbour/certs", server.get(server.indexOf("--dir") + 1));
        ReceiverConfig rc = (ReceiverConfig) compose.config("receiver-1");
        assertEquals("/var/lib/harbour/certs/server-chain.pem", rc.tls().certificateChain());
        for (String dns : List.of("receiver-1", "receiver-2", "query-api", "localhost")) {
            assertTrue(server.contains(dns), "the server certificate names " + dns);
        }
    }

    // ---------------------------------------------------------------- ports and health checks

    @Test
    void portsAndHealthChecksMatchTheServicesConfigurationsAndRoutes() throws Exception {
        Compose compose = Compose.load(defaultTopology(), false);
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        int checked = 0;
        for (String name : compose.harbourServices().keySet()) {
            Checked config = compose.configOrNull(name);
            JsonNode health = compose.service(name).path("healthcheck").path("test");
            if (config instanceof ReceiverConfig rc) {
                checkHttp(compose, name, rc.http().port(), health, receiverRoutes());
                checked++;
            } else if (config instanceof QueryApiConfig qc) {
                checkHttp(compose, name, qc.http().port(), health, queryRoutes());
                checked++;
            } else if (config instanceof IndexerConfig ic) {
                // Plain HTTP, not published: the engine's check runs inside the container, Prometheus
                // scrapes it on the backend network, so it must listen beyond loopback.
                assertTrue(ic.http().enabled(), name + ": http.enabled (the health check and Prometheus need it)");
                assertFalse(ic.http().host().startsWith("127.") || ic.http().host().equals("localhost"),
                        name + ": http.host " + ic.http().host() + " is loopback; Prometheus could not scrape it");
                assertTrue(compose.service(name).path("ports").isEmpty(), name + ": the operational port is not published");
                URI uri = healthUri(name, health, "http://");
                assertEquals(ic.http().port(), uri.getPort(), name + ": health check port");
                assertTrue(Indexer.HTTP_PATHS.contains(uri.getPath()), name + ": " + uri.getPath() + " is not a route (" + Indexer.HTTP_PATHS + ")");
                assertEquals("/readyz", uri.getPath(), name + ": checks readiness, not only liveness");
                String prometheus = Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml"));
                assertTrue(prometheus.contains(name + ":" + ic.http().port()), name + ": Prometheus scrapes " + name + ":" + ic.http().port());
                checked++;
            }
            if (String.join(" ", strings(health)).contains("curl")) {
                assertTrue(dockerfile.contains("install -y --no-install-recommends curl"), "the image has curl for " + name);
            }
        }
        assertEquals(5, checked);
    }

    private static void checkHttp(Compose compose, String name, int port, JsonNode health, Set<String> routes) {
        for (JsonNode p : compose.service(name).path("ports")) {
            String[] parts = p.asText().split(":");
            assertEquals(port, Integer.parseInt(parts[parts.length - 1].replace("/tcp", "")), name + ": published port " + p.asText());
        }
        URI uri = healthUri(name, health, "https://");
        assertEquals(port, uri.getPort(), name + ": health check port");
        assertTrue(routes.contains(uri.getPath()), name + ": " + uri.getPath() + " is not a GET route of the server (" + routes + ")");
    }

    /** The first URL with this scheme in the health check's words. */
    private static URI healthUri(String name, JsonNode health, String scheme) {
        return strings(health).stream().flatMap(a -> Arrays.stream(a.split("\\s+"))).filter(a -> a.startsWith(scheme))
                .map(URI::create).findFirst().orElseThrow(() -> new AssertionError(name + ": no " + scheme + " health URL in " + health));
    }

    /** GET paths of the receiver's route enum. */
    static Set<String> receiverRoutes() throws Exception {
        Class<?> route = Class.forName("io.harbour.receiver.http.Route");
        Method path = route.getDeclaredMethod("path");
        Method method = route.getDeclaredMethod("method");
        path.setAccessible(true);
        method.setAccessible(true);
        Set<String> out = new TreeSet<>();
        for (Object r : route.getEnumConstants()) {
            if (HttpMethod.GET.equals(method.invoke(r))) {
                out.add((String) path.invoke(r));
            }
        }
        assertTrue(out.contains("/metrics"), out.toString());
        return out;
    }

    /** GET paths of the query API's operational routes, built by the same method QueryApi calls. */
    static Set<String> queryRoutes() throws Exception {
        Class<?> ops = Class.forName("io.harbour.query.OperationalRoutes");
        Method addTo = Arrays.stream(ops.getDeclaredMethods()).filter(m -> m.getName().equals("addTo")).findFirst().orElseThrow();
        addTo.setAccessible(true);
        RouteTable.Builder builder = (RouteTable.Builder) addTo.invoke(null, RouteTable.builder(), null, null, null);
        RouteTable table = builder.build();
        Set<String> out = new TreeSet<>();
        for (io.harbour.query.http.Route r : table.routes()) {
            if (table.match(HttpMethod.GET, r.path()) instanceof RouteTable.Match.Found) {
                out.add(r.path());
            }
        }
        assertTrue(out.contains("/metrics"), out.toString());
        return out;
    }

    // ---------------------------------------------------------------- Kafka and Elasticsearch

    @Test
    void kafkaIsThreeNodesInOneQuorumWithReplicationFitForThem() throws Exception {
        for (Topology t : topologies()) {
            Compose compose = Compose.load(t, false);
            Map<String, Map<String, String>> brokers = new TreeMap<>();
            compose.services.forEach((name, s) -> {
                if (s.path("image").asText().startsWith("apache/kafka:")) {
                    brokers.put(name, compose.environment(name));
                }
            });
            assertEquals(3, brokers.size(), "three Kafka nodes");
            int n = brokers.size();
            Set<String> voters = new TreeSet<>();
            Set<String> ids = new HashSet<>();
            Set<String> clusterIds = new HashSet<>();
            Set<String> bootstrap = new TreeSet<>();
            for (Map.Entry<String, Map<String, String>> b : brokers.entrySet()) {
                Map<String, String> env = b.getValue();
                String host = compose.service(b.getKey()).path("hostname").asText(b.getKey());
                assertTrue(ids.add(env.get("KAFKA_NODE_ID")), "node ids are unique");
                voters.add(env.get("KAFKA_NODE_ID") + "@" + host + ":9093");
                clusterIds.add(env.get("CLUSTER_ID"));
                assertEquals("broker,controller", env.get("KAFKA_PROCESS_ROLES"));
                assertTrue(env.get("KAFKA_LISTENERS").contains("CONTROLLER://:9093"));
                assertEquals("PLAINTEXT://" + host + ":9092", env.get("KAFKA_ADVERTISED_LISTENERS"));
                bootstrap.add(host + ":9092");
                int rf = Integer.parseInt(env.get("KAFKA_DEFAULT_REPLICATION_FACTOR"));
                int minIsr = Integer.parseInt(env.get("KAFKA_MIN_INSYNC_REPLICAS"));
                assertEquals(3, rf);
                assertTrue(rf <= n, "RF " + rf + " fits " + n + " brokers");
                assertEquals(2, minIsr);
                assertTrue(minIsr < rf, "one broker may be down without refusing acks=all writes");
                assertEquals(3, Integer.parseInt(env.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")));
                assertEquals(3, Integer.parseInt(env.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR")));
                assertEquals(2, Integer.parseInt(env.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")));
                assertEquals("false", env.get("KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE"));
                assertEquals("false", env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"));
                assertTrue(compose.mountFor(b.getKey(), env.get("KAFKA_LOG_DIRS") + "/x") != null, "the log is in a volume");
            }
            assertEquals(1, clusterIds.size(), "one cluster id");
            for (Map<String, String> env : brokers.values()) {
                assertEquals(voters, new TreeSet<>(List.of(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").split(","))), "the quorum is the three nodes");
            }
            int minIsr = Integer.parseInt(brokers.values().iterator().next().get("KAFKA_MIN_INSYNC_REPLICAS"));
            int indexers = 0;
            Set<String> groups = new HashSet<>();
            for (String name : compose.harbourServices().keySet()) {
                Checked config = compose.configOrNull(name);
                if (config instanceof ReceiverConfig rc) {
                    assertEquals(bootstrap, new TreeSet<>(List.of(rc.kafka().bootstrapServers().split(","))), name);
                    assertEquals(3, rc.kafka().replicationFactor(), name + ": ingest topics on three brokers");
                    assertTrue(rc.kafka().replicationFactor() > minIsr, name);
                } else if (config instanceof IndexerConfig ic) {
                    indexers++;
                    groups.add(ic.kafka().groupId());
                    assertEquals(bootstrap, new TreeSet<>(List.of(ic.kafka().bootstrapServers().split(","))), name);
                    assertEquals(3, ic.kafka().replicationFactor(), name + ": dead-letter topic on three brokers");
                }
            }
            assertEquals(1, groups.size(), "every indexer in one consumer group: " + groups);
            ReceiverConfig rc = (ReceiverConfig) compose.config("receiver-1");
            assertTrue(rc.kafka().partitions() >= indexers, "every indexer gets partitions");
        }
    }

    @Test
    void elasticsearchNodesUrlsAndReplicasAgreeInBothTopologies() throws Exception {
        for (Topology t : topologies()) {
            Compose compose = Compose.load(t, false);
            List<String> nodes = compose.elasticsearchNodes();
            assertEquals(t.name().equals("default") ? 1 : 3, nodes.size(), t.name() + ": " + nodes);
            Set<String> settingsFiles = new HashSet<>();
            for (String node : nodes) {
                assertEquals(node, compose.environment(node).get("node.name"));
                String mount = compose.mountFor(node, "/usr/share/elasticsearch/config/elasticsearch.yml");
                Path file = ROOT.resolve(mount.substring(0, mount.indexOf(':')));
                assertTrue(Files.exists(file), mount);
                settingsFiles.add(Files.readString(file));
                assertTrue(compose.mountFor(node, "/usr/share/elasticsearch/data/x").startsWith(node + "-data:"), node);
            }
            assertEquals(1, settingsFiles.size(), t.name() + ": every node reads the same settings");
            String settings = settingsFiles.iterator().next();
            if (nodes.size() == 1) {
                assertTrue(settings.contains("discovery.type: single-node"), settings);
            } else {
                assertTrue(settings.contains("cluster.initial_master_nodes: " + String.join(",", nodes)), settings);
                assertTrue(settings.contains("discovery.seed_hosts: " + String.join(",", nodes)), settings);
            }
            for (String name : compose.harbourServices().keySet()) {
                Checked config = compose.configOrNull(name);
                List<String> urls = config instanceof IndexerConfig ic ? ic.elasticsearch().urls()
                        : config instanceof QueryApiConfig qc ? qc.elasticsearch().urls() : List.of();
                for (String url : urls) {
                    assertTrue(nodes.contains(URI.create(url).getHost()) && URI.create(url).getPort() == 9200, t.name() + "/" + name + ": " + url);
                }
                if (config instanceof IndexerConfig ic) {
                    assertEquals(nodes.size(), urls.size(), t.name() + "/" + name + ": every node is a URL");
                    assertEquals(Math.min(1, nodes.size() - 1), ic.indices().replicas(),
                            t.name() + "/" + name + ": one replica when there is a node to hold it, none on one node");
                }
            }
        }
    }

    /** The es-cluster profile turned on by {@code --profile es-cluster} alone: no env file, so no variables. */
    static Topology esClusterProfileAlone() {
        return new Topology("es-cluster profile without the env file", Map.of(), Set.of(ES_CLUSTER));
    }

    @Test
    void theEsClusterProfileStartsNoMemberUnlessTheEnvFileIsThere() throws Exception {
        Compose alone = Compose.load(esClusterProfileAlone(), false);
        JsonNode guard = alone.service(ES_CLUSTER_CHECK);
        assertEquals("no", guard.path("restart").asText(), "the guard runs once");
        assertEquals(List.of(ES_CLUSTER), strings(guard.path("profiles")), "the guard runs exactly when the profile is on");
        int members = 0;
        for (Map.Entry<String, JsonNode> s : alone.services.entrySet()) {
            if (strings(s.getValue().path("profiles")).contains(ES_CLUSTER) && !s.getKey().equals(ES_CLUSTER_CHECK)) {
                members++;
                assertEquals("service_completed_successfully",
                        s.getValue().path("depends_on").path(ES_CLUSTER_CHECK).path("condition").asText(),
                        s.getKey() + " starts only after the guard passed");
            }
        }
        assertEquals(2, members, "es-2 and es-3");

        // The guard's own script, run as the container runs it, with each topology's environment.
        GuardRun refused = runGuard(alone);
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.output().contains("docker compose --env-file deploy/es-cluster.env up"), refused.toString());
        GuardRun passed = runGuard(Compose.load(esCluster(), false));
        assertEquals(0, passed.exit(), passed.toString());
        // Every variable counts: the env file less its replicas would leave the data on one node.
        Map<String, String> lessReplicas = new TreeMap<>(esCluster().variables());
        lessReplicas.remove("HARBOUR_ES_REPLICAS");
        GuardRun partial = runGuard(Compose.load(new Topology("env file less replicas", lessReplicas, Set.of(ES_CLUSTER)), false));
        assertEquals(1, partial.exit(), partial.toString());
    }

    record GuardRun(int exit, String output) {
    }

    /** Runs es-cluster-check's entrypoint here, with the environment compose would give the container. */
    private static GuardRun runGuard(Compose compose) throws Exception {
        List<String> entrypoint = strings(compose.service(ES_CLUSTER_CHECK).path("entrypoint"));
        assertEquals("/bin/sh", entrypoint.get(0), "a shell the Elasticsearch image has");
        ProcessBuilder pb = new ProcessBuilder(entrypoint).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("HARBOUR_"));
        pb.environment().putAll(compose.environment(ES_CLUSTER_CHECK));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return new GuardRun(p.waitFor(), output);
    }

    @Test
    void everyDocumentedCommandWithTheClusterEnvFileAndAProfileNamesEsCluster() throws Exception {
        // A --profile flag replaces the env file's COMPOSE_PROFILES, so such a command must name es-cluster again.
        assertTrue(esCluster().profiles().contains(ES_CLUSTER), "deploy/es-cluster.env turns the profile on");
        int checked = 0;
        for (Path doc : List.of(ROOT.resolve("compose.yaml"), ROOT.resolve("docs/operations.md"), ROOT.resolve("deploy/es-cluster.env"))) {
            for (String line : Files.readAllLines(doc)) {
                if (line.contains("docker compose") && line.contains("--env-file deploy/es-cluster.env") && line.contains("--profile")) {
                    assertTrue(line.contains("--profile " + ES_CLUSTER), doc.getFileName() + ": " + line.strip());
                    checked++;
                }
            }
        }
        assertTrue(checked >= 2, "compose.yaml and docs/operations.md show the combination (" + checked + ")");
    }

    @Test
    void kafkaAndElasticsearchHeapsAreAtMostHalfTheirContainersMemory() throws Exception {
        for (Topology t : topologies()) {
            Compose compose = Compose.load(t, false);
            Map<String, String> heapVariables = new TreeMap<>();
            compose.services.forEach((name, s) -> {
                if (s.path("image").asText().startsWith("apache/kafka:")) {
                    heapVariables.put(name, "KAFKA_HEAP_OPTS");
                }
            });
            compose.elasticsearchNodes().forEach(n -> heapVariables.put(n, "ES_JAVA_OPTS"));
            assertEquals(t.name().equals("default") ? 4 : 6, heapVariables.size(), heapVariables.toString());
            heapVariables.forEach((name, variable) -> {
                long heap = maxHeapBytes(compose.environment(name).get(variable));
                String limit = compose.service(name).path("mem_limit").asText("");
                assertFalse(limit.isEmpty(), t.name() + "/" + name + ": a mem_limit");
                assertTrue(2 * heap <= composeBytes(limit), t.name() + "/" + name + ": heap " + heap + " is more than half of mem_limit " + limit
                        + " (docs/operations.md, sizing: the rest is page cache)");
            });
        }
        assertEquals(2L << 30, composeBytes("2g"));
        assertEquals(1536L << 20, maxHeapBytes("-Xms1536m -Xmx1536m"));
    }

    /** The -Xmx of a JVM option string (the last one wins, as in the JVM). */
    static long maxHeapBytes(String options) {
        Matcher m = Pattern.compile("-Xmx(\\d+)([kKmMgG]?)").matcher(options);
        long bytes = -1;
        while (m.find()) {
            bytes = composeBytes(m.group(1) + m.group(2));
        }
        assertTrue(bytes > 0, "an -Xmx in " + options);
        return bytes;
    }

    /** Compose's byte values: a number with an optional b, k, m or g (kb, mb, gb too). */
    static long composeBytes(String text) {
        Matcher m = Pattern.compile("(\\d+)([bkmg]?)b?").matcher(text.toLowerCase(java.util.Locale.ROOT));
        assertTrue(m.matches(), "a byte value: " + text);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            default -> n;
        };
    }

    @Test
    void everyLongRunningServiceHasAHealthCheckOnThePortItServes() throws Exception {
        Compose compose = Compose.load(esCluster(), true);
        String prometheus = Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml"));
        for (Map.Entry<String, JsonNode> s : compose.services.entrySet()) {
            String name = s.getKey();
            if (s.getValue().path("restart").asText().equals("no")) {
                continue;
            }
            List<String> test = strings(s.getValue().path("healthcheck").path("test"));
            assertFalse(test.isEmpty(), name + " has a health check");
            if (strings(s.getValue().path("profiles")).contains("monitoring")) {
                URI uri = healthUri(name, s.getValue().path("healthcheck").path("test"), "http://");
                List<String> published = strings(s.getValue().path("ports"));
                // Checked where the service serves: its published port, or the port Prometheus scrapes it on.
                boolean served = published.stream().anyMatch(p -> p.endsWith(":" + uri.getPort()))
                        || prometheus.contains(name + ":" + uri.getPort());
                assertTrue(served, name + ": the health check's port " + uri.getPort() + " is neither published nor scraped");
            }
        }
    }

    // ---------------------------------------------------------------- graceful stops, volumes, networks

    @Test
    void stopGracePeriodsOutlastTheGracefulShutdowns() throws Exception {
        Compose compose = Compose.load(defaultTopology(), false);
        for (String name : compose.harbourServices().keySet()) {
            Checked config = compose.configOrNull(name);
            Duration grace = composeDuration(compose.service(name).path("stop_grace_period").asText("10s"));
            if (config instanceof ReceiverConfig rc) {
                // The drain, then the producer's close: its last batches are acknowledged within the delivery timeout.
                Duration needed = rc.http().shutdownTimeout().plusMillis(rc.kafka().deliveryTimeoutMs());
                assertTrue(grace.compareTo(needed) >= 0, name + ": " + grace + " < " + needed);
            } else if (config instanceof QueryApiConfig qc) {
                assertTrue(grace.compareTo(qc.http().shutdownTimeout().plusSeconds(5)) >= 0, name + ": " + grace);
            } else if (config instanceof IndexerConfig ic) {
                // Indexer.close waits for the last bulk answers (request timeout), then commits.
                Duration needed = ic.elasticsearch().requestTimeout().plus(ic.kafka().commitInterval()).plusSeconds(30);
                assertTrue(grace.compareTo(needed) >= 0, name + ": " + grace + " < " + needed);
            }
        }
        assertEquals(Duration.ofSeconds(90), composeDuration("1m30s"));
    }

    @Test
    void namedVolumesAreDeclaredAndBindMountsExistInTheRepository() throws Exception {
        for (Topology t : topologies()) {
            Compose compose = Compose.load(t, true);
            Set<String> declared = new HashSet<>();
            compose.root.path("volumes").fieldNames().forEachRemaining(declared::add);
            Set<String> networks = new HashSet<>();
            compose.root.path("networks").fieldNames().forEachRemaining(networks::add);
            compose.services.forEach((name, s) -> {
                for (JsonNode v : s.path("volumes")) {
                    String source = v.asText().split(":")[0];
                    if (source.startsWith(".") || source.startsWith("/")) {
                        assertTrue(Files.exists(ROOT.resolve(source).normalize()), t.name() + "/" + name + ": " + source + " is not in the repository");
                    } else {
                        assertTrue(declared.contains(source), name + ": volume " + source + " is not declared");
                    }
                }
                for (String n : strings(s.path("networks"))) {
                    assertTrue(networks.contains(n), name + ": network " + n);
                }
                for (JsonNode dep : iterable(s.path("depends_on").fieldNames())) {
                    assertTrue(compose.services.containsKey(dep.asText()), t.name() + "/" + name + " depends on " + dep.asText() + ", not started");
                }
            });
            assertTrue(compose.root.path("networks").path("backend").path("internal").asBoolean(), "Kafka and Elasticsearch stay internal");
        }
    }

    // ---------------------------------------------------------------- reading compose as compose does

    /** compose.yaml with one topology's variables and profiles applied. */
    static final class Compose {
        final JsonNode root;
        final Map<String, JsonNode> services = new LinkedHashMap<>();

        private Compose(JsonNode root, Set<String> profiles, boolean allProfiles) {
            this.root = root;
            root.path("services").fields().forEachRemaining(e -> {
                List<String> p = strings(e.getValue().path("profiles"));
                if (allProfiles || p.isEmpty() || p.stream().anyMatch(profiles::contains)) {
                    services.put(e.getKey(), e.getValue());
                }
            });
        }

        static Compose load(Topology t, boolean allProfiles) throws IOException {
            Object yaml = new Yaml().load(Files.readString(ROOT.resolve("compose.yaml")));
            JsonNode tree = new ObjectMapper().valueToTree(interpolate(yaml, t.variables()));
            return new Compose(tree, t.profiles(), allProfiles);
        }

        Map<String, JsonNode> harbourServices() {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            services.forEach((n, s) -> {
                if (s.path("image").asText().startsWith(HARBOUR_IMAGE)) {
                    out.put(n, s);
                }
            });
            return out;
        }

        /** Elasticsearch nodes: the services of the official image that keep running (not the one-shot guard). */
        List<String> elasticsearchNodes() {
            return services.entrySet().stream()
                    .filter(e -> e.getValue().path("image").asText().startsWith("docker.elastic.co/elasticsearch/elasticsearch:8.19"))
                    .filter(e -> !e.getValue().path("restart").asText().equals("no"))
                    .map(Map.Entry::getKey).toList();
        }

        JsonNode service(String name) {
            JsonNode s = services.get(name);
            if (s == null) {
                fail("no service " + name + " in " + services.keySet());
            }
            return s;
        }

        String command(String name) {
            List<String> args = strings(service(name).path("command"));
            return args.isEmpty() ? "" : args.get(0);
        }

        Map<String, String> environment(String name) {
            Map<String, String> env = new TreeMap<>();
            JsonNode e = service(name).path("environment");
            if (e.isArray()) {
                for (JsonNode item : e) {
                    String[] kv = item.asText().split("=", 2);
                    env.put(kv[0], kv.length > 1 ? kv[1] : "");
                }
            } else {
                e.fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText()));
            }
            return env;
        }

        /** The mount (as written in compose.yaml) whose container path holds {@code containerPath}, or null. */
        String mountFor(String name, String containerPath) {
            String best = null;
            int bestLength = -1;
            for (JsonNode v : service(name).path("volumes")) {
                String[] parts = v.asText().split(":");
                String target = parts[1];
                if ((containerPath.equals(target) || containerPath.startsWith(target + "/")) && target.length() > bestLength) {
                    best = v.asText();
                    bestLength = target.length();
                }
            }
            return best;
        }

        Checked configOrNull(String name) throws IOException {
            return Service.of(command(name)) == null ? null : config(name);
        }

        /** Loads the service's configuration as its command does: the --config file (from its mount) and the environment. */
        Checked config(String name) throws IOException {
            Service service = Service.of(command(name));
            List<String> args = strings(service(name).path("command"));
            int i = args.indexOf("--config");
            assertTrue(i > 0, name + ": the command names its --config file");
            String containerPath = args.get(i + 1);
            String mount = mountFor(name, containerPath);
            assertTrue(mount != null && mount.startsWith("./") && mount.split(":")[1].equals(containerPath),
                    name + ": " + containerPath + " is a file mounted from the repository, not " + mount);
            assertTrue(mount.endsWith(":ro"), name + ": configuration mounted read-only");
            Path file = ROOT.resolve(mount.split(":")[0]).normalize();
            Map<String, String> env = environment(name);
            checkVariables(name, env, service.prefix);
            return ConfigLoader.load(file, service.defaults.get(), service.prefix, env);
        }

        /** Every HARBOUR_ variable is the launcher's own or has this service's prefix (ConfigLoader checks those name keys). */
        void checkVariables(String name, Map<String, String> env, String prefix) {
            for (String variable : env.keySet()) {
                if (variable.startsWith("HARBOUR_") && !LAUNCHER_VARIABLES.contains(variable) && !variable.startsWith(prefix)) {
                    throw new AssertionError(name + ": " + variable + " is neither the launcher's nor " + prefix + "*");
                }
                assertFalse(variable.equals(prefix + "CONFIG"), name + ": name the file with --config, once");
            }
        }
    }

    enum Service {
        RECEIVER("receiver", ReceiverCommand.ENV_PREFIX, ReceiverConfig::defaults),
        INDEXER("indexer", IndexerCommand.ENV_PREFIX, IndexerConfig::defaults),
        QUERY_API("query-api", QueryApiCommand.ENV_PREFIX, QueryApiConfig::defaults);

        final String command;
        final String prefix;
        final java.util.function.Supplier<Checked> defaults;

        Service(String command, String prefix, java.util.function.Supplier<Checked> defaults) {
            this.command = command;
            this.prefix = prefix;
            this.defaults = defaults;
        }

        static Service of(String command) {
            return Arrays.stream(values()).filter(s -> s.command.equals(command)).findFirst().orElse(null);
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?}");

    /** compose's interpolation for the forms this file uses: ${VAR}, ${VAR:-default}, ${VAR-default}, $$. */
    @SuppressWarnings("unchecked")
    static Object interpolate(Object node, Map<String, String> vars) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), interpolate(v, vars)));
            return out;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(v -> interpolate(v, vars)).collect(Collectors.toList());
        }
        if (node instanceof String s) {
            String escaped = s.replace("$$", "\u0000");
            Matcher m = VARIABLE.matcher(escaped);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = vars.get(m.group(1));
                if (m.group(2) != null && (value == null || m.group(2).equals(":-") && value.isEmpty())) {
                    value = m.group(3);
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
            }
            m.appendTail(out);
            String result = out.toString();
            assertFalse(result.contains("${"), "unsupported interpolation in " + s);
            return result.replace("\u0000", "$");
        }
        return node;
    }

    static Duration composeDuration(String text) {
        Matcher m = Pattern.compile("(\\d+)(ms|h|m|s)").matcher(text);
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            assertEquals(end, m.start(), "a compose duration: " + text);
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
            });
            end = m.end();
        }
        assertEquals(text.length(), end, "a compose duration: " + text);
        return d;
    }

    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (node.isObject()) {
            node.fieldNames().forEachRemaining(out::add);
        } else if (node.isTextual()) {
            out.add(node.asText());
        }
        return out;
    }

    private static Iterable<JsonNode> iterable(java.util.Iterator<String> names) {
        List<JsonNode> out = new ArrayList<>();
        names.forEachRemaining(n -> out.add(com.fasterxml.jackson.databind.node.TextNode.valueOf(n)));
        return out;
    }

    static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("compose.yaml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("compose.yaml not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
