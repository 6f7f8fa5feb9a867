package io.harbour.query.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.certs.ClientTls;
import io.harbour.model.Json;
import io.harbour.query.QueryApiConfig;
import io.harbour.realms.QueryScope;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Injection attempts in query parameters ({@code src/test/resources/hostile/query-cases.ndjson},
 * written by {@code make-query-cases.py} there, with the seed entries of
 * {@code query-seed.ndjson}) against a query API over real TLS and a real Elasticsearch node:
 * Elasticsearch query-string syntax, wildcards, regular expressions, NUL bytes, query DSL and
 * scripts as JSON text, path traversal, index names, very long values, bad percent escapes,
 * repeated and unknown parameters, JSON objects where a value belongs; for every parameter of
 * getlogs, getset, getchanges and the export (and the export's ids route). Each case asserts its
 * status and error code; every 200 exactly the entries (or set values) expected and nothing from
 * the app seeded beside the token's, the realm seeded beside its realm, or a debug entry. Never a
 * 5xx.
 *
 * <p>In this package for {@link ExportLoader}, which writes the seed as the indexer writes it
 * (and the watermark the export needs); the LogHarbour routes read the same indices. Requests go
 * as raw HTTP/1.1 over TLS, so hand-written query strings ({@code who=%zz}, {@code app[$ne]=x})
 * reach the server as written.
 */
@ExtendWith(HarbourStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryInjectionIT {
    private static final String PLACEHOLDER_WHEN = "2026-01-01T00:00:00Z";

    ExportLoader loader;
    ExportFixture api;
    SSLContext tls;
    String start;
    String end;
    final Map<String, String> tokens = new ConcurrentHashMap<>();
    /** Entry ids each token may read, and every seeded id. */
    final Map<String, Set<String>> readable = new ConcurrentHashMap<>();
    final Set<String> seeded = new TreeSet<>();

    @BeforeAll
    void load(ElasticsearchNode es, @TempDir Path dir) throws Exception {
        Instant base = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        start = Long.toString(base.getEpochSecond());
        end = Long.toString(base.plusSeconds(60).getEpochSecond());
        String when = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        loader = new ExportLoader(es.httpUri().toString());
        readable.put("shop", new TreeSet<>());
        readable.put("all", new TreeSet<>());
        for (JsonNode s : ndjson("/hostile/query-seed.ndjson")) {
            JsonNode e = s.get("entry");
            String realm = s.get("realm").asText();
            loader.entry(realm, base.plusMillis(s.get("received_ms").asLong()),
                    Json.mapper().writeValueAsString(e).replace(PLACEHOLDER_WHEN, when));
            String id = e.get("id").asText();
            seeded.add(id);
            if (realm.equals("inj") && !e.get("type").asText().equals("D")) {
                readable.get("all").add(id);
                if (e.get("app").asText().equals("shop")) {
                    readable.get("shop").add(id);
                }
            }
        }
        loader.flush();
        loader.watermark(base.plus(Duration.ofMinutes(5)));
        QueryApiConfig.Export defaults = QueryApiConfig.Export.defaults();
        api = new ExportFixture(dir, es.httpUri().toString(),
                new QueryApiConfig.Export(defaults.pageSize(), defaults.maxBytes(), defaults.keepAlive(), 30, 600_000, 100_000));
        tokens.put("shop", api.token("inj", new QueryScope(QueryScope.Allowed.only(List.of("shop")), QueryScope.Allowed.ALL,
                Set.of(), List.of())));
        tokens.put("all", api.token("inj", QueryScope.EVERYTHING_BUT_DEBUG));
        api.token("other", QueryScope.EVERYTHING_BUT_DEBUG); // the neighbouring realm exists in the realm file too
        tls = ClientTls.jdkContext(List.of(api.ca.certificate()), null);
    }

    @AfterAll
    void stop() throws Exception {
        if (api != null) {
            api.close();
        }
        if (loader != null) {
            loader.close();
        }
    }

    private static List<JsonNode> ndjson(String resource) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (InputStream in = QueryInjectionIT.class.getResourceAsStream(resource)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    out.add(Json.mapper().readTree(line));
                }
            }
        }
        return out;
    }

    @Test
    void everyInjectionIsAnsweredInScopeOrRefusedNeverWith500() throws Exception {
        List<JsonNode> cases = ndjson("/hostile/query-cases.ndjson");
        assertTrue(cases.size() >= 1000, "cases: " + cases.size());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Map<String, Integer> byAnswer = new ConcurrentHashMap<>();
        long began = System.nanoTime();
        // Four at a time: the server's worker pool (16) and the node are shared with nothing else here.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (JsonNode c : cases) {
                all.add(pool.submit(() -> {
                    try {
                        String answer = check(c);
                        byAnswer.merge(answer, 1, Integer::sum);
                    } catch (Throwable t) {
                        failures.add(c.get("name").asText() + ": " + t.getMessage());
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("QueryInjectionIT: %d cases in %.1f s; answers %s%n", cases.size(), (System.nanoTime() - began) / 1e9,
                new TreeMap<>(byAnswer));
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases.size() + " cases failed:\n"
                + failures.stream().sorted().limit(300).collect(Collectors.joining("\n")));
    }

    /** Sends one case and checks its answer; returns "status code" for the summary. */
    private String check(JsonNode c) throws Exception {
        String name = c.get("name").asText();
        String token = tokens.get(c.get("token").asText());
        Answer a = send(c, token);
        assertTrue(a.status < 500, name + ": never a 5xx, got " + a.status + " " + a.text(300));
        int expect = c.get("expect").asInt();
        JsonNode error = a.status == 200 ? null : a.json().path("error");
        String code = error == null ? null : error.path("code").asText(null);
        assertEquals(expect, a.status, name + ": " + a.text(300));
        if (c.has("code")) {
            assertEquals(c.get("code").asText(), code, name + ": " + a.text(300));
        }
        if (a.status != 200) {
            assertTrue(error.path("message").asText("").length() > 0, name + ": a refusal says why: " + a.text(300));
            return a.status + " " + code;
        }
        // Nothing the token may not read, by id anywhere in the body (the cheapest leak check there is).
        Set<String> mayRead = readable.get(c.get("token").asText());
        for (String id : seeded) {
            if (!mayRead.contains(id)) {
                assertTrue(!a.body().contains(id), name + ": the answer holds " + id + ", outside the token's scope");
            }
        }
        String path = c.get("path").asText();
        if (path.endsWith("/getset")) {
            Map<String, Long> expected = new TreeMap<>();
            c.get("setvalues").properties().forEach(e -> expected.put(e.getKey(), e.getValue().asLong()));
            Map<String, Long> got = new TreeMap<>();
            a.json().path("setvalues").properties().forEach(e -> got.put(e.getKey(), e.getValue().asLong()));
            assertEquals(expected, got, name);
        } else {
            List<String> ids = new ArrayList<>();
            if (path.contains("/logharbour/")) {
                JsonNode body = a.json();
                body.path("logs").forEach(e -> ids.add(e.path("id").asText()));
                if (!c.toString().contains("searchAfter")) {
                    // nrec counts every match, the page holds those after the cursor
                    assertEquals(ids.size(), body.path("nrec").asInt(), name + ": nrec");
                }
            } else {
                for (String line : a.body().split("\n")) {
                    if (!line.isBlank()) {
                        JsonNode l = Json.mapper().readTree(line);
                        assertEquals("logharbour", l.path("kind").asText(), name + ": " + line);
                        ids.add(l.path("id").asText());
                    }
                }
            }
            ids.forEach(id -> assertTrue(mayRead.contains(id), name + ": " + id + " is outside the token's scope"));
            List<String> expected = new ArrayList<>();
            c.get("ids").forEach(id -> expected.add(id.asText()));
            Collections.sort(ids);
            assertEquals(expected, ids, name);
        }
        return "200";
    }

    // ---- raw HTTP/1.1 over TLS ----

    record Answer(int status, byte[] raw) {
        String body() {
            return new String(raw, StandardCharsets.UTF_8);
        }

        JsonNode json() throws IOException {
            return Json.mapper().readTree(raw);
        }

        String text(int max) {
            String b = body();
            return b.length() > max ? b.substring(0, max) + "..." : b;
        }
    }

    private String substitute(String text) {
        return text.replace("${start}", start).replace("${end}", end);
    }

    private Answer send(JsonNode c, String token) throws IOException {
        String target = c.get("path").asText();
        if (c.has("raw_query")) {
            target += "?" + substitute(c.get("raw_query").asText());
        } else if (c.has("params") && c.get("params").size() > 0) {
            List<String> pairs = new ArrayList<>();
            for (JsonNode p : c.get("params")) {
                pairs.add(URLEncoder.encode(p.get(0).asText(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(substitute(p.get(1).asText()), StandardCharsets.UTF_8));
            }
            target += "?" + String.join("&", pairs);
        }
        String method = c.path("method").asText("GET");
        byte[] body = c.has("body") ? c.get("body").asText().getBytes(StandardCharsets.UTF_8) : new byte[0];
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer ").append(token).append("\r\n");
        if (method.equals("POST")) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", api.api.uri().getPort())) {
            socket.setSoTimeout(60_000);
            socket.setSSLParameters(ClientTls.jdkParameters(tls));
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    private static Answer parse(byte[] response) {
        String text = new String(response, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || headEnd < 0) {
            throw new AssertionError("not an HTTP answer: " + text.substring(0, Math.min(200, text.length())));
        }
        int status = Integer.parseInt(text.substring(9, 12));
        byte[] rest = java.util.Arrays.copyOfRange(response, headEnd + 4, response.length);
        boolean chunked = text.substring(0, headEnd).toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked");
        return new Answer(status, chunked ? dechunk(rest) : rest);
    }

    private static byte[] dechunk(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < in.length) {
            int lineEnd = at;
            while (lineEnd + 1 < in.length && !(in[lineEnd] == '\r' && in[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            String size = new String(in, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int n = Integer.parseInt(size, 16);
            if (n == 0) {
                break;
            }
            out.write(in, lineEnd + 2, n);
            at = lineEnd + 2 + n + 2;
        }
        return out.toByteArray();
    }
}
