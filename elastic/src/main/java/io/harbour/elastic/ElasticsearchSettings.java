package io.harbour.elastic;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an Elasticsearch cluster is and how to talk to it: the {@code elasticsearch:} section of
 * every service configuration that reads or writes it (indexer, query API).
 *
 * @param urls              one or more node URLs (http or https)
 * @param username          basic authentication, optional (empty for none)
 * @param password          basic authentication, optional
 * @param apiKey            an encoded API key, optional; used instead of username/password when set
 * @param connectTimeout    to open a connection
 * @param requestTimeout    for one request to answer; past it the request fails (and the indexer retries it)
 * @param idleConnectionTtl a pooled connection idle this long is not reused (load balancers drop them silently)
 */
public record ElasticsearchSettings(List<String> urls, String username, String password, String apiKey,
                                    Duration connectTimeout, Duration requestTimeout, Duration idleConnectionTtl) {

    /** A local node without credentials, with the given timeouts' defaults: for tests and {@code harbour up}. */
    public static ElasticsearchSettings local(String url) {
        return new ElasticsearchSettings(List.of(url), "", "", "",
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    /** This section with other urls. */
    public ElasticsearchSettings withUrls(List<String> newUrls) {
        return new ElasticsearchSettings(newUrls, username, password, apiKey, connectTimeout, requestTimeout, idleConnectionTtl);
    }

    /**
     * What is wrong with this section, each problem naming its key under {@code prefix}
     * (normally {@code elasticsearch}); empty when nothing is.
     */
    public List<String> problems(String prefix) {
        List<String> p = new ArrayList<>();
        if (urls == null || urls.isEmpty()) {
            p.add(prefix + ".urls: must name at least one node (http://host:9200)");
        } else {
            for (int i = 0; i < urls.size(); i++) {
                String url = urls.get(i);
                try {
                    URI u = URI.create(url == null ? "" : url.trim());
                    if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                        p.add(prefix + ".urls[" + i + "]: must be http(s)://host[:port], not \"" + url + "\"");
                    }
                } catch (IllegalArgumentException e) {
                    p.add(prefix + ".urls[" + i + "]: not a URL: \"" + url + "\"");
                }
            }
        }
        boolean user = username != null && !username.isEmpty();
        boolean pass = password != null && !password.isEmpty();
        if (user != pass) {
            p.add(prefix + "." + (user ? "password" : "username") + ": required with " + prefix + "." + (user ? "username" : "password"));
        }
        positive(p, prefix + ".connect_timeout", connectTimeout);
        positive(p, prefix + ".request_timeout", requestTimeout);
        positive(p, prefix + ".idle_connection_ttl", idleConnectionTtl);
        return p;
    }

    private static void positive(List<String> p, String key, Duration d) {
        if (d == null) {
            p.add(key + ": required (ISO-8601, e.g. PT5S)");
        } else if (d.isZero() || d.isNegative()) {
            p.add(key + ": must be positive, not " + d);
        }
    }
}
