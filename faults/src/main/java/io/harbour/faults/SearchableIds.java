package io.harbour.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What an analyst can find, read the way an analyst would: through the query API's export
 * ({@code GET /api/v1/logs/received}, LogHarbour kind, field {@code id}) over the window of the
 * run, once the indexer's watermark has passed its end. Each LogHarbour id is counted as often
 * as it comes back, so a document stored twice (under two ids, or in two daily indices) shows.
 */
public final class SearchableIds {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI queryApi;
    private final String token;
    private final HttpClient http;

    public SearchableIds(URI queryApi, String token, HttpClient http) {
        this.queryApi = queryApi;
        this.token = token;
        this.http = http;
    }

    /**
     * Waits (at most {@code patience}) until the window {@code [start, end)} is closed, i.e. the
     * realm's watermark has reached {@code end}, then reads it whole.
     *
     * @return each id found and how many times
     */
    public Map<String, Integer> read(Instant start, Instant end, Duration patience) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        Map<String, Integer> found = new HashMap<>();
        String cursor = null;
        while (true) {
            String query = "start=" + nanos(start) + "&end=" + nanos(end) + "&kind=logharbour&fields=id"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            HttpRequest request = HttpRequest.newBuilder(queryApi.resolve("/api/v1/logs/received?" + query))
                    .timeout(Duration.ofMinutes(5))
                    .header("Authorization", "Bearer " + token)
                    .GET().build();
            HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() == 409 || r.statusCode() == 429 || r.statusCode() == 503) {
                String body = new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the window " + start + " to " + end + " did not close within " + patience
                            + ": " + r.statusCode() + " " + body);
                }
                Thread.sleep(1_000);
                continue;
            }
            if (r.statusCode() != 200) {
                throw new IllegalStateException("export answered " + r.statusCode() + ": "
                        + new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
            }
            cursor = null;
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    JsonNode n = JSON.readTree(line);
                    if (n.has("cut")) {
                        cursor = n.path("cut").path("resume").path("cursor").asText();
                        break;
                    }
                    found.merge(n.path("id").asText(), 1, Integer::sum);
                }
            }
            if (cursor == null) {
                return found;
            }
        }
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
