package io.harbour.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.certs.CertificateAuthority;
import io.harbour.certs.CertificateDirectory;
import io.harbour.elastic.ElasticsearchConnection;
import io.harbour.elastic.ElasticsearchSettings;
import io.harbour.layout.DocumentBuilder;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexNames;
import io.harbour.layout.IndexTemplates;
import io.harbour.layout.IndexedDocument;
import io.harbour.layout.RecordContext;
import io.harbour.model.Json;
import io.harbour.model.LogKind;
import io.harbour.query.QueryApiConfig;
import io.harbour.query.http.QueryHttpSettings;
import io.harbour.realms.QueryScope;
import io.harbour.realms.Realm;
import io.harbour.realms.RealmFile;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.traffic.GeneratedEntry;
import io.harbour.traffic.TrafficGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * What phases {@code query} and {@code export} share: loading traffic-generator entries into a
 * real node the way the indexer stores them (layout {@link DocumentBuilder}, raw {@code _bulk},
 * resumable), and the query API's certificates, realm file and configuration.
 */
final class QueryBenchSupport {
    static final int BULK_DOCS = 5000;

    private QueryBenchSupport() {
    }

    static void putLogHarbourTemplate(ElasticsearchConnection es) throws IOException {
        JsonNode put = es.send("PUT", "/_index_template/" + IndexNames.templateName(DocumentKind.LOGHARBOUR),
                IndexTemplates.template(DocumentKind.LOGHARBOUR, IndexTemplates.Settings.singleNode())).body();
        if (!put.path("acknowledged").asBoolean()) {
            throw new IllegalStateException("template refused: " + put);
        }
    }

    /**
     * Loads the generator's entries into {@code realm}, each received at {@code receivedAtNanos}
     * of it (the {@link RecordContext}'s receive time). A size found complete is not loaded again;
     * a partial one is resumed (creates with deterministic ids: a document sent twice is a
     * conflict, ignored).
     */
    static void load(ElasticsearchConnection es, String realm, TrafficGenerator traffic, ToLongFunction<GeneratedEntry> receivedAtNanos,
                     String receiptId, Report report) throws IOException, InterruptedException {
        String alias = IndexNames.alias(DocumentKind.LOGHARBOUR, realm);
        long stored = count(es, alias);
        if (stored >= traffic.size()) {
            report.line(realm + ": " + stored + " entries already stored in " + alias + ", not loaded again.");
            return;
        }
        // Resume a little before what is stored: bulks are not in order of completion, so the last ones may be partial.
        long skip = Math.max(0, stored - 4L * BULK_DOCS);
        long began = System.nanoTime();
        DocumentBuilder builder = new DocumentBuilder();
        Set<String> created = new HashSet<>();
        StringBuilder ndjson = new StringBuilder();
        int inBulk = 0;
        long sent = 0;
        Iterator<GeneratedEntry> it = traffic.iterator();
        while (it.hasNext()) {
            GeneratedEntry g = it.next();
            if (g.index() < skip) {
                continue;
            }
            RecordContext ctx = new RecordContext("harbour.logharbour", 0, g.index(), LogKind.LOGHARBOUR, realm,
                    receivedAtNanos.applyAsLong(g), "192.0.2.10", "key:bench", receiptId);
            List<IndexedDocument> docs;
            try {
                docs = builder.build(ctx, g.line().getBytes(StandardCharsets.UTF_8));
            } catch (io.harbour.layout.MalformedRecordException e) {
                throw new IllegalStateException("the generator made an entry the layout refuses: " + g.line(), e);
            }
            for (IndexedDocument d : docs) {
                if (created.add(d.index())) {
                    ElasticsearchConnection.JsonResponse r = es.send("PUT", "/" + d.index(),
                            IndexTemplates.createIndexBody(DocumentKind.LOGHARBOUR, realm));
                    if (!r.ok() && !"resource_already_exists_exception".equals(r.errorType())) {
                        throw new IllegalStateException("cannot create " + d.index() + ": " + r.body());
                    }
                }
                ndjson.append("{\"create\":{\"_index\":\"").append(d.index()).append("\",\"_id\":\"").append(d.id()).append("\"}}\n");
                ndjson.append(Json.mapper().writeValueAsString(d.source())).append('\n');
                inBulk++;
            }
            if (inBulk >= BULK_DOCS) {
                sent += bulk(es, ndjson, inBulk);
                ndjson.setLength(0);
                inBulk = 0;
                if ((g.index() / BULK_DOCS) % 40 == 0) {
                    System.out.printf("bench: %s %d / %d entries, %.0f s%n", realm, g.index() + 1, traffic.size(),
                            (System.nanoTime() - began) / 1e9);
                }
            }
        }
        if (inBulk > 0) {
            sent += bulk(es, ndjson, inBulk);
        }
        es.send("POST", "/" + alias + "/_refresh", null);
        long seconds = Math.max(1, (System.nanoTime() - began) / 1_000_000_000L);
        long now = count(es, alias);
        report.line(realm + ": loaded " + sent + " documents (from entry " + skip + ") in " + seconds + " s ("
                + (sent / seconds) + " documents/s, " + "one loader thread, raw _bulk of " + BULK_DOCS + "); " + now + " stored.");
    }

    static long bulk(ElasticsearchConnection es, StringBuilder ndjson, int docs) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            ElasticsearchConnection.JsonResponse r = es.sendNdjson("/_bulk", ndjson.toString());
            if (r.status() == 429 && attempt < 10) {
                Thread.sleep(500L * attempt);
                continue;
            }
            if (!r.ok()) {
                throw new IllegalStateException("_bulk answered " + r.status() + ": " + r.body());
            }
            if (r.body().path("errors").asBoolean()) {
                for (JsonNode item : r.body().path("items")) {
                    JsonNode error = item.path("create").path("error");
                    if (!error.isMissingNode() && !"version_conflict_engine_exception".equals(error.path("type").asText())) {
                        throw new IllegalStateException("_bulk refused a document: " + error);
                    }
                }
            }
            return docs;
        }
    }

    static long count(ElasticsearchConnection es, String alias) throws IOException {
        ElasticsearchConnection.JsonResponse r = es.send("GET", "/" + alias + "/_count?ignore_unavailable=true&allow_no_indices=true", null);
        return r.ok() ? r.body().path("count").asLong() : 0;
    }

    /** Certificates, a realm file with one realm and its query token, made anew in {@code dir} on each run. */
    record ApiSetup(CertificateAuthority ca, QueryApiConfig.Tls tls, Path realmsFile, String token) {
        QueryApiConfig config(ElasticsearchNode node, QueryApiConfig.Export export) {
            return new QueryApiConfig(QueryHttpSettings.defaults().withHostAndPort("127.0.0.1", 0), tls,
                    realmsFile.toString(), ElasticsearchSettings.local(node.httpUri().toString()),
                    new QueryApiConfig.Limits(QueryApiConfig.Limits.defaults().getlogsMaxrec(), 365), new QueryApiConfig.Geoip(""),
                    new QueryApiConfig.Cors(List.of()), export);
        }
    }

    static ApiSetup apiSetup(Path dir, String realm) throws IOException {
        return apiSetup(dir, realm, QueryScope.EVERYTHING_BUT_DEBUG);
    }

    static ApiSetup apiSetup(Path dir, String realm, QueryScope scope) throws IOException {
        // Certificates and realm file are made anew each run (the CA refuses to overwrite its key).
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(dir);
        CertificateDirectory certs = CertificateDirectory.at(dir.resolve("certs"));
        CertificateAuthority ca = certs.createCa("CN=Harbour query bench CA");
        certs.write("server", ca.issueServer("localhost", "localhost", "127.0.0.1"), null);
        Path realmsPath = dir.resolve("realms.yaml");
        Files.deleteIfExists(realmsPath);
        RealmFile realms = new RealmFile(realmsPath);
        realms.createRealm(Realm.named(realm));
        String token = realms.issueQueryToken(realm, scope, "bench").key();
        return new ApiSetup(ca, new QueryApiConfig.Tls(certs.chain("server").toString(), certs.privateKey("server").toString(), 10),
                realmsPath, token);
    }

    static String uptime() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "(no /proc/loadavg)";
        }
    }
}
