package io.harbour.client.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.certs.CertificateAuthority;
import io.harbour.certs.CertificateDirectory;
import io.harbour.elastic.ElasticsearchConnection;
import io.harbour.elastic.ElasticsearchSettings;
import io.harbour.layout.DocumentBuilder;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexNames;
import io.harbour.layout.IndexTemplates;
import io.harbour.layout.IndexedDocument;
import io.harbour.layout.MalformedRecordException;
import io.harbour.layout.RecordContext;
import io.harbour.layout.Times;
import io.harbour.model.Json;
import io.harbour.model.LogKind;
import io.harbour.query.QueryApi;
import io.harbour.query.QueryApiConfig;
import io.harbour.query.geo.GeoLocators;
import io.harbour.query.http.QueryHttpSettings;
import io.harbour.realms.Realm;
import io.harbour.realms.RealmFile;
import io.harbour.realms.QueryScope;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A real query API for client and command-line tests: TLS from a test CA (the client trusts only
 * that CA's file, as an application would), a realm file for its tokens, and LogHarbour entries
 * put into a real Elasticsearch node exactly as the indexer writes them (the layout's template,
 * daily indices with the realm alias, documents from the layout's {@link DocumentBuilder},
 * {@code _bulk} with refresh so a search sees them at once). Shared with the cli module's tests
 * through this module's test jar.
 */
public final class QueryApiStack implements AutoCloseable {
    private final Path dir;
    private final RealmFile realms;
    private final QueryApi api;
    private final Path caFile;
    private final ElasticsearchConnection es;
    private final DocumentBuilder builder = new DocumentBuilder();
    private long offset;
    private boolean templateInstalled;

    public QueryApiStack(Path dir, URI elasticsearch, int maxrec) throws IOException {
        this(dir, elasticsearch, maxrec, Clock.systemUTC());
    }

    public QueryApiStack(Path dir, URI elasticsearch, int maxrec, Clock clock) throws IOException {
        this(dir, elasticsearch, maxrec, clock, QueryApiConfig.Export.defaults());
    }

    /** @param export the export section: page size, size cut and rate limit (the cli's export tests set them small) */
    public QueryApiStack(Path dir, URI elasticsearch, int maxrec, Clock clock, QueryApiConfig.Export export) throws IOException {
        this.dir = dir;
        CertificateDirectory certs = CertificateDirectory.at(dir.resolve("certs"));
        CertificateAuthority ca = certs.createCa("CN=Harbour client test CA");
        certs.write("server", ca.issueServer("localhost", "localhost", "127.0.0.1"), null);
        caFile = certs.certificate(CertificateDirectory.CA);
        realms = new RealmFile(dir.resolve("realms.yaml"));
        realms.createRealm(Realm.named("placeholder"));
        ElasticsearchSettings settings = ElasticsearchSettings.local(elasticsearch.toString());
        QueryApiConfig config = new QueryApiConfig(QueryHttpSettings.defaults().withHostAndPort("127.0.0.1", 0),
                new QueryApiConfig.Tls(certs.chain("server").toString(), certs.privateKey("server").toString(), 1),
                realms.path().toString(), settings, new QueryApiConfig.Limits(maxrec, 365), new QueryApiConfig.Geoip(""),
                new QueryApiConfig.Cors(List.of()), export);
        if (!config.problems().isEmpty()) {
            throw new IllegalArgumentException(config.problems().toString());
        }
        api = QueryApi.start(config, GeoLocators.fromSetting(""), clock);
        es = new ElasticsearchConnection(settings, Json.mapper());
    }

    /** Installed at the first load, so a stack aimed at a node that is not there still starts (for 503 tests). */
    private void installTemplate() throws IOException {
        if (templateInstalled) {
            return;
        }
        JsonNode put = es.send("PUT", "/_index_template/" + IndexNames.templateName(DocumentKind.LOGHARBOUR),
                IndexTemplates.template(DocumentKind.LOGHARBOUR, IndexTemplates.Settings.singleNode())).body();
        if (!put.path("acknowledged").asBoolean()) {
            throw new IllegalStateException("template not installed: " + put);
        }
        templateInstalled = true;
    }

    /** {@code https://localhost:PORT}: localhost is the name on the server certificate. */
    public URI uri() {
        return URI.create("https://localhost:" + api.uri().getPort());
    }

    public Path caFile() {
        return caFile;
    }

    public Path dir() {
        return dir;
    }

    /** A client of this API with {@code token}, trusting only the test CA. */
    public LogHarbourClient client(String token) {
        return LogHarbourClient.builder(uri(), token).caFile(caFile).requestTimeout(Duration.ofSeconds(120)).build();
    }

    /** A query token of {@code realm} (created if missing) with this scope, once the server accepts it. */
    public String token(String realm, QueryScope scope) {
        if (realms.load().realm(realm).isEmpty()) {
            realms.createRealm(Realm.named(realm));
        }
        String key = realms.issueQueryToken(realm, scope, "test").key();
        // The server re-reads the realm file within a second of a change: wait until it knows the token.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                client(key).getApps();
                return key;
            } catch (QueryException.UnauthenticatedException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the query API never accepted a new token", notYet);
                }
                sleep(100);
            } catch (QueryException.UnavailableException pastAuthentication) {
                // Authentication comes before Elasticsearch: a 503 means the token was accepted (a stack with no node).
                return key;
            }
        }
    }

    public String everythingToken(String realm) {
        return token(realm, QueryScope.EVERYTHING_BUT_DEBUG);
    }

    /** Stores entries (JSON texts as a sender posts them) in {@code realm}, searchable on return. */
    public synchronized void load(String realm, List<String> entries) throws IOException {
        installTemplate();
        List<IndexedDocument> docs = new ArrayList<>();
        for (String e : entries) {
            RecordContext ctx = new RecordContext("harbour.logharbour", 0, offset++, LogKind.LOGHARBOUR, realm,
                    Times.nanos(java.time.Instant.now()), "192.0.2.10", "key:test", "01HZRECEIPTTEST");
            try {
                docs.addAll(builder.build(ctx, e.getBytes(StandardCharsets.UTF_8)));
            } catch (MalformedRecordException bad) {
                throw new IllegalArgumentException(e, bad);
            }
        }
        Set<String> indices = new LinkedHashSet<>();
        docs.forEach(d -> indices.add(d.index()));
        for (String index : indices) {
            ElasticsearchConnection.JsonResponse r = es.send("PUT", "/" + index, IndexTemplates.createIndexBody(DocumentKind.LOGHARBOUR, realm));
            if (!r.ok() && !"resource_already_exists_exception".equals(r.errorType())) {
                throw new IllegalStateException("index " + index + ": " + r.body());
            }
        }
        for (int from = 0; from < docs.size(); from += 5000) {
            StringBuilder ndjson = new StringBuilder();
            for (IndexedDocument d : docs.subList(from, Math.min(docs.size(), from + 5000))) {
                ndjson.append("{\"create\":{\"_index\":\"").append(d.index()).append("\",\"_id\":")
                        .append(Json.mapper().writeValueAsString(d.id())).append("}}\n")
                        .append(Json.mapper().writeValueAsString(d.source())).append('\n');
            }
            JsonNode bulk = es.sendNdjson("/_bulk?refresh=true", ndjson.toString()).body();
            if (bulk.path("errors").asBoolean()) {
                throw new IllegalStateException("bulk refused: " + bulk.toString().substring(0, Math.min(2000, bulk.toString().length())));
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        api.close();
        es.close();
    }

    /** A LogHarbour entry as the Go library writes it, built field by field. */
    public static final class Entry {
        private final ObjectNode entry = Json.mapper().createObjectNode();

        private Entry(String id, String app, String type, String pri, String when) {
            entry.put("id", id);
            entry.put("app", app);
            entry.put("system", "vm");
            entry.put("module", "orders");
            entry.put("type", type);
            entry.put("pri", pri);
            entry.put("when", when);
        }

        public static Entry of(String id, String app, String type, String pri, String when) {
            return new Entry(id, app, type, pri, when);
        }

        public Entry put(String name, String value) {
            entry.put(name, value);
            return this;
        }

        public Entry status(int status) {
            entry.put("status", status);
            return this;
        }

        public Entry object(String objectClass, String instance, String op) {
            entry.put("class", objectClass);
            entry.put("instance", instance);
            entry.put("op", op);
            return this;
        }

        /** A change entry's data: each field changed from {@code field + "-old"} to {@code field + "-new"}. */
        public Entry changes(String entity, String op, String... fields) {
            ObjectNode change = entry.putObject("data").putObject("change_data");
            change.put("entity", entity);
            change.put("op", op);
            if (fields.length == 0) {
                change.putNull("changes");
            } else {
                ArrayNode list = change.putArray("changes");
                for (String f : fields) {
                    list.addObject().put("field", f).put("old_value", f + "-old").put("new_value", f + "-new");
                }
            }
            return this;
        }

        public Entry debug(long pid, String file, long line, String func) {
            ObjectNode d = entry.putObject("data").putObject("debug_data");
            d.put("pid", pid).put("runtime", "go1.22").put("file", file).put("line", line).put("func", func)
                    .put("stackTrace", "main.main()").put("data", "{\"cart\":3}");
            return this;
        }

        public Entry activity(String text) {
            entry.putObject("data").put("activity_data", text);
            return this;
        }

        public String json() {
            return entry.toString();
        }
    }
}
