package io.harbour.client.query;

import io.harbour.client.writer.TrustedCa;
import io.harbour.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.net.ssl.SSLContext;

/**
 * Seed 003's LogHarbour client-library functions over Harbour's query API:
 * <pre>{@code
 * LogHarbourClient client = LogHarbourClient.builder(URI.create("https://harbour:8090"), queryToken)
 *         .caFile(Path.of("ca.pem")).build();
 * LogPage page = client.getLogs(LogQuery.builder().app("crm").type(EntryType.ACTIVITY).ndays(7).build());
 * client.streamLogs(query).forEach(e -> ...);            // every page, through the cursor
 * }</pre>
 * Each call is one POST of a JSON object of seed 003's parameter names to
 * {@code /api/v1/logharbour/<function>}, with the query token as {@code Authorization: Bearer}.
 * A refusal is a {@link QueryException} (a subclass per status); nothing is retried here, because
 * whether a call may wait is the caller's choice ({@link QueryException.RetryLaterException} says
 * how long). Thread-safe: one client serves every thread.
 */
public final class LogHarbourClient {
    private static final String PREFIX = "/api/v1/logharbour/";

    private final String base;
    private final String token;
    private final HttpClient http;
    private final Duration requestTimeout;

    private LogHarbourClient(Builder b) {
        String url = b.baseUrl.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.token = b.token;
        this.requestTimeout = b.requestTimeout;
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(b.connectTimeout);
        if (b.sslContext != null) {
            http.sslContext(b.sslContext);
        } else if (b.caFile != null) {
            try {
                http.sslContext(TrustedCa.sslContext(b.caFile));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        this.http = http.build();
    }

    /** A client of the query API at {@code baseUrl} (for example {@code https://harbour:8090}) with a query token. */
    public static Builder builder(URI baseUrl, String queryToken) {
        return new Builder(baseUrl, queryToken);
    }

    /** GetLogs: one page (the first, or the one after {@code query}'s cursor). */
    public LogPage getLogs(LogQuery query) {
        return Answers.logPage(call("getlogs", query.parameters()));
    }

    /** Every entry GetLogs matches, page after page through the cursor, fetched as the iteration reaches them. */
    public Iterator<RetrievedEntry> iterateLogs(LogQuery query) {
        return new Entries(cursor -> getLogs(query.after(cursor)), query.after());
    }

    public Stream<RetrievedEntry> streamLogs(LogQuery query) {
        return stream(iterateLogs(query));
    }

    /** GetSet: the count of each value of the attribute among the matching entries. */
    public SetValues getSet(SetQuery query) {
        return Answers.setValues(call("getset", query.parameters()));
    }

    /** GetApps: the realm's apps that the token can read an entry of, sorted. */
    public List<String> getApps() {
        return Answers.apps(call("getapps", Map.of()));
    }

    /** GetUnusualIP: the rare remote addresses, each with its location when known. */
    public UnusualIps getUnusualIP(UnusualIpQuery query) {
        return Answers.unusualIps(call("getunusualip", query.parameters()));
    }

    /** GetChanges: one page of an object's data-change entries, oldest first. */
    public LogPage getChanges(ChangeQuery query) {
        return Answers.logPage(call("getchanges", query.parameters()));
    }

    public Iterator<RetrievedEntry> iterateChanges(ChangeQuery query) {
        return new Entries(cursor -> getChanges(query.after(cursor)), query.after());
    }

    public Stream<RetrievedEntry> streamChanges(ChangeQuery query) {
        return stream(iterateChanges(query));
    }

    private static Stream<RetrievedEntry> stream(Iterator<RetrievedEntry> it) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** The request of one call: the URI and JSON body; separate so tests can check it without a server. */
    HttpRequest request(String function, Map<String, String> parameters) {
        try {
            return HttpRequest.newBuilder(URI.create(base + PREFIX + function))
                    .timeout(requestTimeout)
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(parameters), StandardCharsets.UTF_8))
                    .build();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always writes", e);
        }
    }

    private com.fasterxml.jackson.databind.JsonNode call(String function, Map<String, String> parameters) {
        HttpResponse<String> response;
        try {
            response = http.send(request(function, parameters), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new QueryException.ConnectionException("no answer from " + base + PREFIX + function + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryException.ConnectionException("interrupted while calling " + function, e);
        }
        if (response.statusCode() != 200) {
            throw Answers.error(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
        }
        return Answers.json(200, response.body());
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " " + m);
    }

    /** Walks pages lazily: the next page is fetched only when the current one is used up. */
    private static final class Entries implements Iterator<RetrievedEntry> {
        private final Function<Cursor, LogPage> fetch;
        private Cursor cursor;
        private Iterator<RetrievedEntry> page;
        private boolean last;

        Entries(Function<Cursor, LogPage> fetch, Cursor start) {
            this.fetch = fetch;
            this.cursor = start;
        }

        @Override
        public boolean hasNext() {
            while (page == null || !page.hasNext()) {
                if (last) {
                    return false;
                }
                LogPage p = fetch.apply(cursor);
                page = p.logs().iterator();
                Optional<Cursor> next = p.next();
                // A page without a next cursor is the last; so is an empty page, whatever it says.
                last = next.isEmpty() || p.logs().isEmpty();
                cursor = next.orElse(null);
            }
            return true;
        }

        @Override
        public RetrievedEntry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.next();
        }
    }

    public static final class Builder {
        private final URI baseUrl;
        private final String token;
        private Path caFile;
        private SSLContext sslContext;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);

        private Builder(URI baseUrl, String token) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            this.token = Objects.requireNonNull(token, "queryToken");
            if (token.isBlank()) {
                throw new IllegalArgumentException("the query token is empty");
            }
        }

        /** Trust exactly the certificates of this PEM file (else the JDK's default roots). */
        public Builder caFile(Path pem) {
            caFile = pem;
            return this;
        }

        /** A TLS context of the caller's own; wins over {@link #caFile}. */
        public Builder sslContext(SSLContext context) {
            sslContext = context;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            connectTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** The longest wait for one answer (default 60 s: an aggregation over a year of a busy realm takes a while). */
        public Builder requestTimeout(Duration timeout) {
            requestTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        public LogHarbourClient build() {
            return new LogHarbourClient(this);
        }
    }
}
