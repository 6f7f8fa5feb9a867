package io.harbour.query;

import io.harbour.config.Checked;
import io.harbour.elastic.ElasticsearchSettings;
import io.harbour.layout.RetentionDays;
import io.harbour.query.http.QueryHttpSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The query API's one configuration: {@code query-api.yaml}, overridden by {@code HARBOUR_QUERY_*}
 * variables (e.g. {@code HARBOUR_QUERY_ELASTICSEARCH_URLS}), checked at start with messages that
 * name the key.
 *
 * @param http          listener, worker pool and limits
 * @param tls           certificate files (reloaded when they change), as the receiver's
 * @param realmsFile    the realm file holding the query tokens' hashes
 * @param elasticsearch the cluster the indexer writes
 * @param limits        page size and window limits of the LogHarbour functions
 * @param geoip         the City database for unusual-IP locations (optional)
 * @param cors          origins whose browsers may call the API (the LogHarbour UI runs on another origin)
 * @param export        the Logpull-style export ({@code /api/v1/logs/...}): pages, size cut, rate limit, retention
 */
public record QueryApiConfig(QueryHttpSettings http, Tls tls, String realmsFile, ElasticsearchSettings elasticsearch,
                             Limits limits, Geoip geoip, Cors cors, Export export) implements Checked {

    /** Without an export section: the export's defaults. */
    public QueryApiConfig(QueryHttpSettings http, Tls tls, String realmsFile, ElasticsearchSettings elasticsearch,
                          Limits limits, Geoip geoip, Cors cors) {
        this(http, tls, realmsFile, elasticsearch, limits, geoip, cors, Export.defaults());
    }

    /**
     * @param pageSize       hits per search_after page and kind: what the server holds of one export at
     *                       once (at most one page per kind), and the lines of one streamed chunk
     * @param maxBytes       uncompressed bytes of lines after which an export ends with a cut line
     *                       saying where to resume (Logpull's 1 GB)
     * @param keepAlive      the point-in-time's keep-alive between two pages (a slow reader must fetch
     *                       the next page within it)
     * @param retention      the indexer's {@code retention} (default days and per-realm days): an export
     *                       of a realm may not start before that realm's whole days (the data there
     *                       is being deleted)
     * @param ratePerMinute  export calls a token may make per minute (token bucket refill)
     * @param burst          calls a token may make at once (bucket size)
     */
    public record Export(int pageSize, long maxBytes, Duration keepAlive, Retention retention, double ratePerMinute, int burst) {
        public static Export defaults() {
            return new Export(1000, 1L << 30, Duration.ofMinutes(2), Retention.days(30), 60, 60);
        }

        /** One retention for every realm: {@code retentionDays} days. */
        public Export(int pageSize, long maxBytes, Duration keepAlive, int retentionDays, double ratePerMinute, int burst) {
            this(pageSize, maxBytes, keepAlive, Retention.days(retentionDays), ratePerMinute, burst);
        }

        /**
         * Shaped like the indexer's {@code retention} section, whose values it must repeat: the
         * indexer deletes a realm's daily indices past its days, and an export of that realm must
         * refuse a start there rather than answer a window that retention has emptied.
         *
         * @param defaultDays days kept for a realm not named in {@code realms}
         * @param realms      days kept per realm
         */
        public record Retention(int defaultDays, Map<String, Integer> realms) {
            public static Retention days(int defaultDays) {
                return new Retention(defaultDays, Map.of());
            }

            public int daysFor(String realm) {
                return realms.getOrDefault(realm, defaultDays);
            }
        }

        List<String> problems() {
            List<String> p = new ArrayList<>();
            if (pageSize < 1 || pageSize > Limits.ELASTICSEARCH_MAX_PAGE) {
                p.add("export.page_size: must be 1 to " + Limits.ELASTICSEARCH_MAX_PAGE + ", not " + pageSize);
            }
            if (maxBytes < 1) {
                p.add("export.max_bytes: must be at least 1, not " + maxBytes);
            }
            if (keepAlive == null || keepAlive.toSeconds() < 1) {
                p.add("export.keep_alive: must be at least PT1S");
            }
            if (retention == null) {
                p.add("export.retention: required");
            } else {
                RetentionDays.check("export.retention", retention.defaultDays(), retention.realms(), p);
            }
            if (!(ratePerMinute > 0)) {
                p.add("export.rate_per_minute: must be above 0, not " + ratePerMinute);
            }
            if (burst < 1) {
                p.add("export.burst: must be at least 1, not " + burst);
            }
            return p;
        }
    }

    /**
     * @param certificateChain   PEM: the server certificate then its issuers
     * @param privateKey         PEM: its key
     * @param reloadCheckSeconds how often, at most, the files are checked for a change
     */
    public record Tls(String certificateChain, String privateKey, int reloadCheckSeconds) {
    }

    /**
     * @param getlogsMaxrec LogHarbour's {@code LOGHARBOUR_GETLOGS_MAXREC}: the most entries one
     *                      GetLogs or GetChanges answer carries, and how many recent entries
     *                      GetUnusualIP looks at without {@code ndays}. Default 100: the LogHarbour
     *                      UI pages 5 at a time, but the client-library functions serve programs,
     *                      for which 5 means twenty round trips per hundred entries; 100 full entries
     *                      stay a response of tens of kilobytes that Elasticsearch fetches in
     *                      milliseconds, and the cursor pages on. At most 10,000, Elasticsearch's
     *                      {@code index.max_result_window}, which bounds one page even with search_after.
     * @param maxNdays      the largest {@code ndays} accepted (past it {@code invalid_days})
     */
    public record Limits(int getlogsMaxrec, int maxNdays) {
        public static final int ELASTICSEARCH_MAX_PAGE = 10_000;

        public static Limits defaults() {
            return new Limits(100, 365);
        }
    }

    /** @param database path of a GeoIP2/GeoLite2 City {@code .mmdb}; empty for none (locations then null, with the reason) */
    public record Geoip(String database) {
        public boolean configured() {
            return database != null && !database.isBlank();
        }
    }

    /** @param allowedOrigins exact origins ({@code http://localhost:4200}); empty allows none */
    public record Cors(List<String> allowedOrigins) {
        public Cors {
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        }
    }

    public static QueryApiConfig defaults() {
        return new QueryApiConfig(QueryHttpSettings.defaults(),
                new Tls("state/certs/server-chain.pem", "state/certs/server-key.pem", 10),
                "state/realms.yaml", ElasticsearchSettings.local("http://127.0.0.1:9200"),
                Limits.defaults(), new Geoip(""), new Cors(List.of()), Export.defaults());
    }

    @Override
    public List<String> problems() {
        List<String> p = new ArrayList<>(http.problems("http"));
        if (tls == null || tls.certificateChain() == null || tls.certificateChain().isBlank()) {
            p.add("tls.certificate_chain: required (a PEM file; `harbour up` makes development ones)");
        }
        if (tls == null || tls.privateKey() == null || tls.privateKey().isBlank()) {
            p.add("tls.private_key: required (a PEM file)");
        }
        if (tls != null && tls.reloadCheckSeconds() < 0) {
            p.add("tls.reload_check_seconds: must not be negative");
        }
        if (realmsFile == null || realmsFile.isBlank()) {
            p.add("realms_file: required (the file `harbour realm create` writes)");
        }
        p.addAll(elasticsearch.problems("elasticsearch"));
        if (limits.getlogsMaxrec() < 1 || limits.getlogsMaxrec() > Limits.ELASTICSEARCH_MAX_PAGE) {
            p.add("limits.getlogs_maxrec: must be 1 to " + Limits.ELASTICSEARCH_MAX_PAGE + " (Elasticsearch's largest page), not "
                    + limits.getlogsMaxrec());
        }
        if (limits.maxNdays() < 1) {
            p.add("limits.max_ndays: must be at least 1, not " + limits.maxNdays());
        }
        p.addAll(export.problems());
        for (int i = 0; i < cors.allowedOrigins().size(); i++) {
            String origin = cors.allowedOrigins().get(i);
            if (!isOrigin(origin)) {
                p.add("cors.allowed_origins[" + i + "]: must be scheme://host[:port] with no path, not \"" + origin + "\"");
            }
        }
        return p;
    }

    private static boolean isOrigin(String text) {
        try {
            URI u = URI.create(text);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null
                    && (u.getRawPath() == null || u.getRawPath().isEmpty()) && u.getRawQuery() == null;
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }
}
