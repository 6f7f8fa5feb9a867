package io.harbour.query.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.elastic.ElasticsearchConnection;
import io.harbour.elastic.ElasticsearchSettings;
import io.harbour.layout.IndexTemplates;
import io.harbour.layout.Watermarks;
import io.harbour.model.Json;
import io.harbour.query.QueryApi;
import io.harbour.query.QueryApiConfig;
import io.harbour.query.geo.GeoLocators;
import io.harbour.query.http.Dispatcher;
import io.harbour.query.http.Route;
import io.harbour.query.http.RouteTable;
import io.harbour.realms.Capability;
import io.harbour.realms.Cidr;
import io.harbour.realms.CredentialKind;
import io.harbour.realms.IssuedCredential;
import io.harbour.realms.QueryAuthentication;
import io.harbour.realms.QueryScope;
import io.harbour.realms.Realm;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query API's authorization matrix, generated: realms x credentials x routes (every method
 * of every route {@link QueryApi#routes} serves) x what the call asks for (no app, the token's
 * own app, another app of its realm, an app of the other realm, a class outside a class-limited
 * scope). Each cell is one call over real TLS to a query API authenticating with the real realm
 * file, over a real Elasticsearch node holding two realms with distinct apps, classes, debug
 * entries, ExtraHop exchanges and observations.
 *
 * <p>Each cell asserts its status and error code (200, 401 {@code missing_credentials} or
 * {@code unknown_token}, 403 {@code app_not_allowed}, {@code class_not_allowed},
 * {@code debug_not_allowed} or {@code exchanges_not_allowed}, 404 {@code app_not_found}) and, for
 * every answer, that its bytes contain no marker (entry id, user, address, app or class name,
 * exchange URI, observation) of anything the credential may not read, nor any key or token. An
 * answer of 200 must also hold exactly what the scope allows: the entry ids, user values,
 * addresses, app names or exchanges it lists are compared with the set computed from the seed
 * data and the token's scope.
 *
 * <p>The expected outcomes come from the README's rules, computed here independently of the
 * server: a token sees its realm only; apps and classes limit entries (entries without a class
 * are outside a class-limited scope); debug entries need the {@code debug} capability used from
 * one of its ranges; naming an app, class or debug outside the scope is 403 in that order; an
 * app the realm has no entry of is 404; exchanges, and export's exchange and observation lines,
 * need a token whose apps and classes are both all; observations are the realm's, so any of its
 * tokens may link through them, but the linked entries are still read inside its scope.
 * {@code /healthz}, {@code /readyz}, {@code /metrics} and {@code /openapi.json} need nothing.
 *
 * <p>Run alone: {@code mvn -B -o verify -pl query-api -Dit.test=QueryAuthorizationMatrixIT
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}; it prints the matrix's dimensions.
 */
@ExtendWith(HarbourStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryAuthorizationMatrixIT {
    private static final String DAYS = "7";

    /**
     * A realm's seed: two apps, two classes, exchanges and one observation, each with names no
     * other realm uses. The observation links the address of an entry of the first app to the
     * address of an entry of the second, so that linking is tried across a one-app scope.
     */
    record Seed(String realm, String code, List<String> apps, List<String> classes, List<String> exchangeUris, String observationSource) {
    }

    static final Seed NORTH = new Seed("authz-north", "n", List.of("nb-books", "nb-payroll"), List.of("NbInvoice", "NbEmployee"),
            List.of("/authz-xch/n01", "/authz-xch/n02"), "vpn-authz-north");
    static final Seed SOUTH = new Seed("authz-south", "s", List.of("sb-fleet", "sb-depot"), List.of("SbTruck", "SbRoute"),
            List.of("/authz-xch/s01", "/authz-xch/s02"), "vpn-authz-south");
    static final List<Seed> SEEDS = List.of(NORTH, SOUTH);

    /** One seeded LogHarbour entry; its id, who and remote address are markers that appear nowhere else. */
    record Entry(Seed seed, String id, String app, String cls, String type, String who, String ip, String instance) {
    }

    final List<Entry> entries = new ArrayList<>();
    QueryApiFixture api;
    RouteTable table;
    long exportStart;
    long exportEnd;
    /** Every key and token issued here, to be found in no answer. */
    final List<String> secrets = new ArrayList<>();
    final Map<String, Map<Credential, String>> issued = new LinkedHashMap<>();

    // ---------------------------------------------------------------- setup

    @BeforeAll
    void start(ElasticsearchNode es, @TempDir Path dir) throws Exception {
        String url = es.httpUri().toString();
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant when = before.minus(Duration.ofHours(1));
        try (LogHarbourLoader logs = new LogHarbourLoader(url); ExchangeLoader exchanges = new ExchangeLoader(url);
             ObservationLoader observations = new ObservationLoader(url)) {
            for (Seed seed : SEEDS) {
                List<String> json = new ArrayList<>();
                int n = 0;
                for (int a = 0; a < seed.apps().size(); a++) {
                    for (int c = 0; c <= seed.classes().size(); c++) {
                        for (String type : List.of("A", "C", "D")) {
                            String cls = c < seed.classes().size() ? seed.classes().get(c) : null;
                            if (cls == null && type.equals("C")) {
                                continue; // a change is always of an object
                            }
                            n++;
                            String nn = String.format("%02d", n);
                            Entry e = new Entry(seed, "authz" + seed.code() + nn, seed.apps().get(a), cls, type, "who" + seed.code() + nn,
                                    (seed == NORTH ? "10.71.0.1" : "10.72.0.1") + nn, cls == null ? null : "i" + seed.code() + a + c);
                            entries.add(e);
                            Entries entry = Entries.of(e.id(), e.app(), type, switch (type) {
                                case "A" -> "Warn";
                                case "C" -> "Info";
                                default -> "Debug1";
                            }, when.plusSeconds(n).toString()).put("who", e.who()).put("remote_ip", e.ip()).put("msg", "matrix entry " + e.id());
                            if (cls != null) {
                                entry.object(cls, e.instance(), "update");
                            }
                            if (type.equals("C")) {
                                entry.changes(cls, "update", "status");
                            }
                            json.add(entry.json());
                        }
                    }
                }
                logs.load(seed.realm(), json);
                for (int i = 0; i < seed.exchangeUris().size(); i++) {
                    exchanges.complete(seed.realm(), "key:sensor-" + seed.code(), 9000 + i, "GET", seed.exchangeUris().get(i), 200,
                            Instant.now(), 40);
                }
                exchanges.flush();
                observations.observe(seed.realm(), seed.observationSource(), homeIp(seed, seed.apps().get(0)), linkedIp(seed),
                        when.plusSeconds(30));
            }
        }
        // Export reads closed windows only: publish a watermark past everything just loaded, on
        // the documents ExportIT also writes (theirs replace ours, ours replace theirs).
        exportStart = before.getEpochSecond() - 600;
        exportEnd = Instant.now().getEpochSecond() + 2;
        writeWatermark(url, Instant.ofEpochSecond(exportEnd));

        api = new QueryApiFixture(dir, url, 100, Clock.systemUTC());
        String last = null;
        for (Seed seed : SEEDS) {
            api.realms.createRealm(Realm.named(seed.realm()));
            Map<Credential, String> mine = new LinkedHashMap<>();
            for (Credential credential : Credential.values()) {
                QueryScope scope = credential.scope(seed);
                if (scope != null) {
                    mine.put(credential, api.realms.issueQueryToken(seed.realm(), scope, "matrix " + credential).key());
                    last = mine.get(credential);
                }
            }
            String all = mine.get(Credential.ALL);
            mine.put(Credential.WRITE_KEY, api.realms.issueWriteKey(seed.realm(), "matrix").key());
            IssuedCredential revoked = api.realms.issueQueryToken(seed.realm(), QueryScope.EVERYTHING_BUT_DEBUG, "matrix, revoked");
            api.realms.revoke(revoked.id());
            mine.put(Credential.REVOKED_TOKEN, revoked.key());
            char end = all.charAt(all.length() - 1);
            mine.put(Credential.WRONG_SECRET, all.substring(0, all.length() - 1) + (end == 'A' ? 'B' : 'A'));
            mine.put(Credential.UNKNOWN_TOKEN, IssuedCredential.generate(CredentialKind.QUERY, id -> false).key());
            mine.put(Credential.TOKEN_IN_EXTRAHOP_SCHEME, all);
            mine.put(Credential.TOKEN_IN_X_HARBOUR_KEY, all);
            issued.put(seed.realm(), mine);
            secrets.addAll(mine.values());
        }
        api.awaitAccepted(last);

        QueryApiConfig config = QueryApiConfig.defaults();
        try (ElasticsearchConnection unused = new ElasticsearchConnection(config.elasticsearch(), Json.mapper())) {
            table = QueryApi.routes(config, unused, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                    new Dispatcher((t, a) -> new QueryAuthentication.Refused(401, "unknown_token", "-"), Duration.ofSeconds(1)),
                    GeoLocators.fromSetting(""), Clock.systemUTC()).build();
        }
    }

    private static void writeWatermark(String url, Instant at) throws IOException {
        try (ElasticsearchConnection es = new ElasticsearchConnection(ElasticsearchSettings.local(url), Json.mapper())) {
            ElasticsearchConnection.JsonResponse r = es.send("PUT", "/" + Watermarks.INDEX,
                    Watermarks.createIndexBody(IndexTemplates.Settings.singleNode()));
            assertTrue(r.ok() || "resource_already_exists_exception".equals(r.errorType()), String.valueOf(r.body()));
            StringBuilder ndjson = new StringBuilder();
            for (String topic : List.of("harbour.logharbour", "harbour.extrahop", "harbour.observations")) {
                for (int partition = 0; partition < 2; partition++) {
                    Watermarks.WatermarkDocument d = new Watermarks.WatermarkDocument(topic, partition, null, 0, at, Instant.now(), "matrix");
                    ndjson.append("{\"index\":{\"_index\":\"").append(Watermarks.INDEX).append("\",\"_id\":\"").append(d.id()).append("\"}}\n")
                            .append(Json.mapper().writeValueAsString(d.source())).append('\n');
                }
            }
            JsonNode bulk = es.sendNdjson("/_bulk?refresh=true", ndjson.toString()).body();
            assertTrue(!bulk.path("errors").asBoolean(), bulk::toString);
        }
    }

    @AfterAll
    void stop() {
        callers.shutdownNow();
        if (api != null) {
            api.close();
        }
    }

    private String homeIp(Seed seed, String app) {
        return entries.stream().filter(e -> e.seed() == seed && e.app().equals(app) && seed.classes().get(0).equals(e.cls())
                && e.type().equals("A")).findFirst().orElseThrow().ip();
    }

    /** The address the realm's observation links to its first app's home address: an entry of the second app and class. */
    private String linkedIp(Seed seed) {
        return entries.stream().filter(e -> e.seed() == seed && e.app().equals(seed.apps().get(1)) && seed.classes().get(1).equals(e.cls())
                && e.type().equals("A")).findFirst().orElseThrow().ip();
    }

    /** An address and the ones the realm's observation links it to. */
    private Set<String> withLinked(Seed seed, String ip) {
        String home = homeIp(seed, seed.apps().get(0));
        String linked = linkedIp(seed);
        return ip.equals(home) ? Set.of(home, linked) : ip.equals(linked) ? Set.of(home, linked) : Set.of(ip);
    }

    private String entryId(Seed seed, String app, String cls, String type) {
        return entries.stream().filter(e -> e.seed() == seed && e.app().equals(app) && java.util.Objects.equals(cls, e.cls())
                && e.type().equals(type)).findFirst().orElseThrow().id();
    }

    // ---------------------------------------------------------------- the axes

    /** What a caller presents; the first seven are valid query tokens of the cell's realm with these scopes. */
    enum Credential {
        ALL, ONE_APP, ONE_CLASS, ONE_APP_ONE_CLASS, DEBUG_FROM_HERE, DEBUG_FROM_ELSEWHERE, ONE_APP_DEBUG_FROM_HERE,
        /** The realm's write key (hk_...) as a Bearer token. */
        WRITE_KEY,
        REVOKED_TOKEN,
        /** The ALL token's id with another secret. */
        WRONG_SECRET,
        /** Well formed, never issued. */
        UNKNOWN_TOKEN,
        /** The ALL token in ExtraHop's {@code Authorization: ExtraHop apikey=} form, which the receiver takes. */
        TOKEN_IN_EXTRAHOP_SCHEME,
        /** The ALL token in the receiver's {@code X-Harbour-Key} header, with no Authorization. */
        TOKEN_IN_X_HARBOUR_KEY,
        NONE;

        /** The scope of a valid token; null for the credentials that must be refused. */
        QueryScope scope(Seed seed) {
            QueryScope.Allowed oneApp = QueryScope.Allowed.only(List.of(seed.apps().get(0)));
            QueryScope.Allowed oneClass = QueryScope.Allowed.only(List.of(seed.classes().get(0)));
            QueryScope.Allowed all = QueryScope.Allowed.ALL;
            List<Cidr> here = List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"));
            return switch (this) {
                case ALL -> QueryScope.EVERYTHING_BUT_DEBUG;
                case ONE_APP -> new QueryScope(oneApp, all, Set.of(), List.of());
                case ONE_CLASS -> new QueryScope(all, oneClass, Set.of(), List.of());
                case ONE_APP_ONE_CLASS -> new QueryScope(oneApp, oneClass, Set.of(), List.of());
                case DEBUG_FROM_HERE -> new QueryScope(all, all, Set.of(Capability.DEBUG), here);
                case DEBUG_FROM_ELSEWHERE -> new QueryScope(all, all, Set.of(Capability.DEBUG), List.of(Cidr.parse("10.9.0.0/16")));
                case ONE_APP_DEBUG_FROM_HERE -> new QueryScope(oneApp, all, Set.of(Capability.DEBUG), here);
                default -> null;
            };
        }

        /** The calls come from 127.0.0.1, inside "here" and outside 10.9.0.0/16. */
        boolean debugAllowed() {
            return this == DEBUG_FROM_HERE || this == ONE_APP_DEBUG_FROM_HERE;
        }

        String refusal() {
            return this == NONE || this == TOKEN_IN_X_HARBOUR_KEY ? "missing_credentials" : "unknown_token";
        }
    }

    /** What a call asks for, beyond what the route needs. */
    enum Ask {
        /** The route's plain call: no app unless required (then the token's own first app). */
        PLAIN,
        /** The realm's first app, the one every limited token of the matrix may read. */
        OWN_APP,
        /** The realm's second app: outside the one-app scopes. */
        OTHER_APP,
        /** An app of the other realm. */
        FOREIGN_APP,
        /** The realm's second class: outside the one-class scopes. */
        OTHER_CLASS
    }

    enum AppParam { NONE, OPTIONAL, REQUIRED }

    enum Style {
        /** Seed 003's functions: GET with query parameters or POST with a plain JSON object. */
        FUNCTION,
        /** Seed 002's web service: POST with a plain JSON object, LogHarbour's envelope. */
        WEB_SERVICE,
        /** The LogHarbour UI: POST {"data":{...}} (getapps: GET), LogHarbour's envelope. */
        UI,
        /** Export, operational and OpenAPI routes: GET with query parameters. */
        PLAIN
    }

    /** What a 200 is compared on, exactly. */
    enum Result { NOTHING, IDS, WHO, IPS, APPS, EXCHANGES, EXPORT }

    /**
     * One way of calling one route of the table.
     *
     * @param tablePath the route's path in the table ({@code /api/v1/logs/ids/*} for the ids variants)
     * @param types     the entry types the call returns when the scope lets it
     * @param target    for the ids variants: which seeded entry is asked for
     */
    record Operation(String label, String tablePath, Style style, boolean open, boolean debug, boolean exchanges, AppParam app,
                     boolean takesClass, boolean classRequired, Map<String, String> fixed, Result result, Set<String> types,
                     IdTarget target) {
        List<Ask> asks() {
            List<Ask> asks = new ArrayList<>(List.of(Ask.PLAIN));
            if (app != AppParam.NONE) {
                if (app == AppParam.OPTIONAL) {
                    asks.add(Ask.OWN_APP);
                }
                asks.add(Ask.OTHER_APP);
                asks.add(Ask.FOREIGN_APP);
            }
            if (takesClass) {
                asks.add(Ask.OTHER_CLASS);
            }
            return asks;
        }
    }

    enum IdTarget { NONE, OWN_NARROW, OWN_WIDE, OWN_DEBUG, OTHER_REALM }

    static final Set<String> ALL_TYPES = Set.of("A", "C", "D");

    static List<Operation> operations() {
        List<Operation> ops = new ArrayList<>();
        Set<String> none = Set.of();
        // operational and the OpenAPI document: open
        for (String path : List.of("/healthz", "/readyz", "/metrics", "/openapi.json")) {
            ops.add(new Operation(path, path, Style.PLAIN, true, false, false, AppParam.NONE, false, false, Map.of(), Result.NOTHING, none, IdTarget.NONE));
        }
        String f = "/api/v1/logharbour/";
        ops.add(fn(f + "getlogs", AppParam.OPTIONAL, true, false, Map.of(), Result.IDS, ALL_TYPES));
        ops.add(new Operation(f + "getlogs (remoteIP, observations)", f + "getlogs", Style.FUNCTION, false, false, false, AppParam.OPTIONAL,
                true, false, Map.of("observations", "true"), Result.IDS, ALL_TYPES, IdTarget.NONE));
        ops.add(fn(f + "getset", AppParam.OPTIONAL, true, false, Map.of("setattr", "who"), Result.WHO, ALL_TYPES));
        ops.add(fn(f + "getapps", AppParam.NONE, false, false, Map.of(), Result.APPS, ALL_TYPES));
        ops.add(fn(f + "getchanges", AppParam.REQUIRED, true, true, Map.of(), Result.IDS, Set.of("C")));
        ops.add(fn(f + "getunusualip", AppParam.OPTIONAL, true, false, Map.of("unusualpercent", "50"), Result.IPS, ALL_TYPES));
        ops.add(new Operation("/api/v1/extrahop/exchanges", "/api/v1/extrahop/exchanges", Style.FUNCTION, false, false, true, AppParam.NONE,
                false, false, Map.of(), Result.EXCHANGES, none, IdTarget.NONE));
        ops.add(new Operation("/api/v1/extrahop/exchanges/counts", "/api/v1/extrahop/exchanges/counts", Style.FUNCTION, false, false, true,
                AppParam.NONE, false, false, Map.of("by", "uri"), Result.EXCHANGES, none, IdTarget.NONE));
        // export
        ops.add(new Operation("/api/v1/logs/received", "/api/v1/logs/received", Style.PLAIN, false, false, false, AppParam.NONE, false, false,
                Map.of(), Result.EXPORT, ALL_TYPES, IdTarget.NONE));
        ops.add(new Operation("/api/v1/logs/received/fields", "/api/v1/logs/received/fields", Style.PLAIN, false, false, false, AppParam.NONE,
                false, false, Map.of(), Result.NOTHING, none, IdTarget.NONE));
        for (IdTarget target : List.of(IdTarget.OWN_NARROW, IdTarget.OWN_WIDE, IdTarget.OWN_DEBUG, IdTarget.OTHER_REALM)) {
            ops.add(new Operation("/api/v1/logs/ids/{" + target.name().toLowerCase() + "}", "/api/v1/logs/ids/*", Style.PLAIN, false, false,
                    false, AppParam.NONE, false, false, Map.of(), Result.IDS, ALL_TYPES, target));
        }
        // seed 002's web service
        String ws = "/api/v1/ws/";
        ops.add(call(ws + "activitylog", Style.WEB_SERVICE, false, true, Map.of("days", DAYS), Result.IDS, Set.of("A", "C")));
        ops.add(call(ws + "unusualips", Style.WEB_SERVICE, false, false, Map.of("days", DAYS, "unusualPercent", "50"), Result.IPS, ALL_TYPES));
        ops.add(call(ws + "iplogs", Style.WEB_SERVICE, false, false, Map.of("days", DAYS), Result.IDS, ALL_TYPES));
        ops.add(call(ws + "highprilog", Style.WEB_SERVICE, false, false, Map.of("days", DAYS, "pri", "info"), Result.IDS, Set.of("A")));
        ops.add(call(ws + "datachange", Style.WEB_SERVICE, false, true, Map.of("days", DAYS), Result.IDS, Set.of("C")));
        ops.add(call(ws + "debuglog", Style.WEB_SERVICE, true, false, Map.of("days", DAYS, "module", "orders", "pri", "debug2"), Result.IDS,
                Set.of("D")));
        // the LogHarbour UI's routes
        String ui = "/api/v1/";
        ops.add(new Operation(ui + "getapps", ui + "getapps", Style.UI, false, false, false, AppParam.NONE, false, false, Map.of(),
                Result.APPS, ALL_TYPES, IdTarget.NONE));
        ops.add(new Operation(ui + "getset", ui + "getset", Style.UI, false, false, false, AppParam.OPTIONAL, true, false,
                Map.of("setAttr", "who"), Result.WHO, ALL_TYPES, IdTarget.NONE));
        ops.add(call(ui + "activitylog", Style.UI, false, true, Map.of("days", DAYS), Result.IDS, Set.of("A", "C")));
        ops.add(call(ui + "highprilog", Style.UI, false, false, Map.of("days", DAYS, "pri", "info"), Result.IDS, Set.of("A")));
        ops.add(call(ui + "datachange", Style.UI, false, true, Map.of("days", DAYS), Result.IDS, Set.of("C")));
        ops.add(call(ui + "debuglog", Style.UI, true, false, Map.of("days", DAYS), Result.IDS, Set.of("D")));
        ops.add(call(ui + "unusualip", Style.UI, false, false, Map.of("days", DAYS, "unusualPercent", "50"), Result.IPS, ALL_TYPES));
        ops.add(call(ui + "getunusualips", Style.UI, false, false, Map.of("days", DAYS, "unusualPercent", "50"), Result.IPS, ALL_TYPES));
        return ops;
    }

    private static Operation fn(String path, AppParam app, boolean takesClass, boolean classRequired, Map<String, String> fixed, Result result,
                                Set<String> types) {
        return new Operation(path, path, Style.FUNCTION, false, false, false, app, takesClass, classRequired, fixed, result, types, IdTarget.NONE);
    }

    /** A web-service or UI call that needs an app. */
    private static Operation call(String path, Style style, boolean debug, boolean takesClass, Map<String, String> fixed, Result result,
                                  Set<String> types) {
        return new Operation(path, path, style, false, debug, false, AppParam.REQUIRED, takesClass, false, fixed, result, types, IdTarget.NONE);
    }

    // ---------------------------------------------------------------- cells and their expectations

    record Expected(int status, String code) {
        @Override
        public String toString() {
            return status + (code == null ? "" : " " + code);
        }
    }

    /** One call: the request it sends and what the scope lets it see. */
    record Cell(int index, Seed seed, Credential credential, Operation op, HttpMethod method, Ask ask, String path,
                Map<String, String> params, Predicate<Entry> asked, Expected expected) {
        String name() {
            return "#" + index + " " + method + " " + op.label() + " | " + seed.realm() + " | " + credential + " | " + ask + " => " + expected;
        }
    }

    private Cell cell(int index, Seed seed, Credential credential, Operation op, HttpMethod method, Ask ask) {
        Seed other = seed == NORTH ? SOUTH : NORTH;
        String ownApp = seed.apps().get(0);
        String app = switch (ask) {
            case OWN_APP -> ownApp;
            case OTHER_APP -> seed.apps().get(1);
            case FOREIGN_APP -> other.apps().get(0);
            default -> op.app() == AppParam.REQUIRED ? ownApp : null;
        };
        String cls = ask == Ask.OTHER_CLASS ? seed.classes().get(1) : op.classRequired() ? seed.classes().get(0) : null;
        Map<String, String> params = new LinkedHashMap<>(op.fixed());
        Predicate<Entry> asked = e -> e.seed() == seed && op.types().contains(e.type());
        if (app != null) {
            params.put("app", app);
            String a = app;
            asked = asked.and(e -> e.app().equals(a));
        }
        if (cls != null) {
            params.put("class", cls);
            String c = cls;
            asked = asked.and(e -> c.equals(e.cls()));
        }
        String path = op.tablePath();
        if (op.label().endsWith("getchanges")) {
            String instance = "i" + seed.code() + (app != null && app.equals(seed.apps().get(1)) ? 1 : 0)
                    + seed.classes().indexOf(cls);
            params.put("instance", instance);
            asked = asked.and(e -> instance.equals(e.instance()));
        }
        if (op.label().endsWith("iplogs")) {
            // observations default to on here: the linked address's entries join, inside the scope
            String ip = seed.apps().contains(app) ? homeIp(seed, app) : homeIp(seed, ownApp);
            params.put("ip", ip);
            Set<String> addresses = withLinked(seed, ip);
            asked = asked.and(e -> addresses.contains(e.ip()));
        }
        if (op.label().contains("remoteIP")) {
            String ip = homeIp(seed, ownApp);
            params.put("remoteIP", ip);
            Set<String> addresses = withLinked(seed, ip);
            asked = asked.and(e -> addresses.contains(e.ip()));
        }
        if (op.label().equals("/api/v1/logs/received")) {
            params.put("start", Long.toString(exportStart));
            params.put("end", Long.toString(exportEnd));
        }
        if (op.target() != IdTarget.NONE) {
            String id = switch (op.target()) {
                case OWN_NARROW -> entryId(seed, ownApp, seed.classes().get(0), "A");
                case OWN_WIDE -> entryId(seed, seed.apps().get(1), null, "A");
                case OWN_DEBUG -> entryId(seed, ownApp, seed.classes().get(0), "D");
                case OTHER_REALM -> entryId(other, other.apps().get(0), other.classes().get(0), "A");
                default -> throw new IllegalStateException();
            };
            path = "/api/v1/logs/ids/" + id;
            asked = e -> e.id().equals(id) && e.seed() == seed;
        }
        return new Cell(index, seed, credential, op, method, ask, path, params, asked, expect(seed, credential, op, app));
    }

    /** The README's rules, in the order the server applies them. */
    private static Expected expect(Seed seed, Credential credential, Operation op, String app) {
        if (op.open()) {
            return new Expected(200, null);
        }
        QueryScope scope = credential.scope(seed);
        if (scope == null) {
            return new Expected(401, credential.refusal());
        }
        if (app != null && !scope.allowsApp(app)) {
            return new Expected(403, "app_not_allowed");
        }
        return null; // class, debug, exchanges and app_not_found: see below
    }

    private Expected expectFully(Cell draft) {
        if (draft.expected() != null) {
            return draft.expected();
        }
        QueryScope scope = draft.credential().scope(draft.seed());
        String cls = draft.params().get("class");
        if (cls != null && !scope.allowsClass(cls)) {
            return new Expected(403, "class_not_allowed");
        }
        if (draft.op().debug() && !draft.credential().debugAllowed()) {
            return new Expected(403, "debug_not_allowed");
        }
        if (draft.op().exchanges() && !fullScope(scope)) {
            return new Expected(403, "exchanges_not_allowed");
        }
        String app = draft.params().get("app");
        if (app != null && !draft.seed().apps().contains(app)) {
            return new Expected(404, "app_not_found");
        }
        return new Expected(200, null);
    }

    private static boolean fullScope(QueryScope scope) {
        return scope.apps().all() && scope.classes().all();
    }

    private static boolean visible(Entry e, Seed realm, Credential credential) {
        QueryScope scope = credential.scope(realm);
        return scope != null && e.seed() == realm && scope.allowsApp(e.app())
                && (scope.classes().all() || (e.cls() != null && scope.allowsClass(e.cls())))
                && (!e.type().equals("D") || credential.debugAllowed());
    }

    // ---------------------------------------------------------------- the matrix

    final List<Cell> cells = new ArrayList<>();
    /**
     * Calls go out four at a time, in matrix order, ahead of the tests that judge them: the
     * query API and Elasticsearch answer concurrent callers anyway, and each cell's test waits
     * for its own answer only.
     */
    final ExecutorService callers = Executors.newFixedThreadPool(4);
    /** 200 answers whose listed entries, values or exchanges were compared: with something in them, and empty. */
    final AtomicInteger comparedNonEmpty = new AtomicInteger();
    final AtomicInteger comparedEmpty = new AtomicInteger();

    @TestFactory
    Stream<DynamicNode> matrix() {
        List<Operation> ops = operations();
        int index = 0;
        for (Operation op : ops) {
            Route route = table.routes().stream().filter(r -> r.path().equals(op.tablePath())).findFirst()
                    .orElseThrow(() -> new AssertionError(op.tablePath() + " is in the matrix but not served"));
            for (HttpMethod method : route.methods().stream().sorted().toList()) {
                for (Seed seed : SEEDS) {
                    for (Credential credential : Credential.values()) {
                        // What a refused credential asks for makes no difference: one plain call each.
                        List<Ask> asks = credential.scope(seed) == null || op.open() ? List.of(Ask.PLAIN) : op.asks();
                        for (Ask ask : asks) {
                            Cell draft = cell(index++, seed, credential, op, method, ask);
                            cells.add(new Cell(draft.index(), seed, credential, op, method, ask, draft.path(), draft.params(), draft.asked(),
                                    expectFully(draft)));
                        }
                    }
                }
            }
        }
        Map<String, Long> byOutcome = cells.stream().collect(Collectors.groupingBy(c -> c.expected().toString(), TreeMap::new,
                Collectors.counting()));
        long operations = ops.stream().mapToLong(op -> table.routes().stream().filter(r -> r.path().equals(op.tablePath()))
                .findFirst().orElseThrow().methods().size()).sum();
        System.out.printf("query authorization matrix: %d realms x %d credentials x %d operations (%d routes of the table, every method)"
                        + " x up to %d asks = %d cells; expected %s%n", SEEDS.size(), Credential.values().length, operations,
                table.routes().size(), Ask.values().length, cells.size(), byOutcome);

        Map<String, List<DynamicNode>> byOperation = new LinkedHashMap<>();
        for (Cell cell : cells) {
            Future<HttpResponse<String>> answer = callers.submit(() -> send(cell));
            byOperation.computeIfAbsent(cell.method() + " " + cell.op().label(), k -> new ArrayList<>())
                    .add(DynamicTest.dynamicTest(cell.name(), () -> judge(cell, answer.get(120, TimeUnit.SECONDS))));
        }
        return Stream.of(
                Stream.<DynamicNode>of(DynamicTest.dynamicTest("every route and method the query API serves is in the matrix",
                        this::everyRouteCovered)),
                byOperation.entrySet().stream().map(e -> (DynamicNode) DynamicContainer.dynamicContainer(e.getKey(), e.getValue().stream())),
                Stream.<DynamicNode>of(DynamicTest.dynamicTest("summary", () -> System.out.printf(
                        "query authorization matrix: %d answers of 200 compared with the scope's view, %d of them listing something%n",
                        comparedEmpty.get() + comparedNonEmpty.get(), comparedNonEmpty.get()))))
                .flatMap(s -> s);
    }

    private void everyRouteCovered() {
        Set<String> served = new TreeSet<>();
        for (Route route : table.routes()) {
            route.methods().forEach(m -> served.add(m + " " + route.path()));
        }
        Set<String> covered = new TreeSet<>();
        for (Operation op : operations()) {
            table.routes().stream().filter(r -> r.path().equals(op.tablePath())).findFirst()
                    .ifPresent(r -> r.methods().forEach(m -> covered.add(m + " " + r.path())));
        }
        assertEquals(served, covered, "routes served but not in the matrix, or the other way round");
    }

    private void judge(Cell cell, HttpResponse<String> response) throws Exception {
        String body = response.body();
        Expected expected = cell.expected();
        assertEquals(expected.status(), response.statusCode(), () -> cell.name() + ": " + body);
        if (expected.code() != null) {
            assertEquals(expected.code(), errorCode(body), () -> cell.name() + ": " + body);
        }
        Set<String> leaks = new TreeSet<>();
        for (String marker : forbidden(cell)) {
            if (body.contains(marker)) {
                leaks.add(marker);
            }
        }
        assertTrue(leaks.isEmpty(), () -> cell.name() + ": the answer shows what the credential may not read: " + leaks + "\n" + body);
        if (expected.status() == 200 && cell.op().result() != Result.NOTHING) {
            compareResult(cell, body);
        }
    }

    private HttpResponse<String> send(Cell cell) throws IOException, InterruptedException {
        String query = "";
        boolean asQuery = cell.method().equals(HttpMethod.GET);
        if (asQuery && !cell.params().isEmpty()) {
            query = "?" + cell.params().entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.api.uri() + cell.path() + query)).timeout(Duration.ofSeconds(60));
        if (asQuery) {
            b.GET();
        } else {
            Object body = cell.op().style() == Style.UI ? Map.of("data", cell.params()) : cell.params();
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body)));
        }
        String token = issued.get(cell.seed().realm()).get(cell.credential());
        switch (cell.credential()) {
            case NONE -> { }
            case TOKEN_IN_EXTRAHOP_SCHEME -> b.header("Authorization", "ExtraHop apikey=" + token);
            case TOKEN_IN_X_HARBOUR_KEY -> b.header("X-Harbour-Key", token);
            default -> b.header("Authorization", "Bearer " + token);
        }
        return api.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The machine code of a refusal, in either shape: {@code {"error":{"code"}}} or LogHarbour's envelope. */
    private static String errorCode(String body) throws IOException {
        JsonNode json = Json.mapper().readTree(body);
        if (json.has("error")) {
            return json.path("error").path("code").asText(null);
        }
        return json.path("messages").path(0).path("errcode").asText(null);
    }

    /**
     * Every marker the answer must not contain: entries outside the credential's view (ids, users,
     * addresses), app and class names none of its visible entries has, exchanges and observations
     * it may not read, every key and token; less whatever the request itself named.
     */
    private Set<String> forbidden(Cell cell) {
        Credential credential = cell.op().open() ? Credential.NONE : cell.credential();
        QueryScope scope = credential.scope(cell.seed());
        Set<String> out = new LinkedHashSet<>(secrets);
        Set<String> visibleApps = new LinkedHashSet<>();
        Set<String> visibleClasses = new LinkedHashSet<>();
        for (Entry e : entries) {
            if (visible(e, cell.seed(), credential)) {
                visibleApps.add(e.app());
                if (e.cls() != null) {
                    visibleClasses.add(e.cls());
                }
            } else {
                out.addAll(List.of(e.id(), e.who(), e.ip()));
            }
        }
        for (Seed seed : SEEDS) {
            seed.apps().stream().filter(a -> !visibleApps.contains(a)).forEach(out::add);
            seed.classes().stream().filter(c -> !visibleClasses.contains(c)).forEach(out::add);
            boolean own = seed == cell.seed() && scope != null;
            if (!own || !fullScope(scope)) {
                out.addAll(seed.exchangeUris());
            }
            if (!own) {
                out.add(seed.observationSource());
            } else {
                // Observations are the realm's, readable by any of its tokens (linking): their
                // addresses are not an entry's leak. The entries at them are still checked by id and user.
                out.remove(homeIp(seed, seed.apps().get(0)));
                out.remove(linkedIp(seed));
            }
        }
        out.removeAll(cell.params().values());
        out.removeIf(cell.path()::contains);
        return out;
    }

    /** Every text and member name in the answer (JSON, or NDJSON for export). */
    private static Set<String> strings(String body) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                collect(Json.mapper().readTree(line), out);
            }
        }
        return out;
    }

    private static void collect(JsonNode node, Set<String> out) {
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                out.add(member.getKey());
                collect(member.getValue(), out);
            }
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, out));
        }
    }

    /** A 200 holds exactly what the scope lets this call see. */
    private void compareResult(Cell cell, String body) throws IOException {
        Set<String> found = strings(body);
        List<Entry> seen = entries.stream().filter(cell.asked()).filter(e -> visible(e, cell.seed(), cell.credential())).toList();
        QueryScope scope = cell.credential().scope(cell.seed());
        boolean nonEmpty = switch (cell.op().result()) {
            case EXCHANGES, EXPORT -> true;
            case NOTHING -> false;
            default -> !seen.isEmpty();
        };
        (nonEmpty ? comparedNonEmpty : comparedEmpty).incrementAndGet();
        switch (cell.op().result()) {
            case IDS -> assertEquals(ids(seen, Entry::id), ids(entries, Entry::id).stream().filter(found::contains)
                    .collect(Collectors.toCollection(TreeSet::new)), cell.name() + ": entry ids\n" + body);
            case WHO -> assertEquals(ids(seen, Entry::who), ids(entries, Entry::who).stream().filter(found::contains)
                    .collect(Collectors.toCollection(TreeSet::new)), cell.name() + ": who values\n" + body);
            case IPS -> assertEquals(ids(seen, Entry::ip), ids(entries, Entry::ip).stream().filter(found::contains)
                    .collect(Collectors.toCollection(TreeSet::new)), cell.name() + ": addresses\n" + body);
            case APPS -> assertEquals(ids(seen, Entry::app), ids(entries, Entry::app).stream().filter(found::contains)
                    .collect(Collectors.toCollection(TreeSet::new)), cell.name() + ": apps\n" + body);
            case EXCHANGES -> assertEquals(new TreeSet<>(cell.seed().exchangeUris()), exchangeUris(found), cell.name() + ": exchanges\n" + body);
            case EXPORT -> {
                assertEquals(ids(seen, Entry::id), ids(entries, Entry::id).stream().filter(found::contains)
                        .collect(Collectors.toCollection(TreeSet::new)), cell.name() + ": exported entries\n" + body);
                boolean full = fullScope(scope);
                assertEquals(full ? new TreeSet<>(cell.seed().exchangeUris()) : Set.of(), exchangeUris(found),
                        cell.name() + ": exported exchanges\n" + body);
                Set<String> sources = SEEDS.stream().map(Seed::observationSource).filter(found::contains).collect(Collectors.toSet());
                assertEquals(full ? Set.of(cell.seed().observationSource()) : Set.of(), sources, cell.name() + ": exported observations\n" + body);
            }
            default -> {
            }
        }
    }

    private static TreeSet<String> ids(List<Entry> list, java.util.function.Function<Entry, String> marker) {
        return list.stream().map(marker).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> exchangeUris(Set<String> found) {
        return SEEDS.stream().flatMap(s -> s.exchangeUris().stream()).filter(found::contains).collect(Collectors.toCollection(TreeSet::new));
    }
}
