package io.harbour.query.geo;

import com.maxmind.db.Reader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;

/**
 * The databases written by {@code query-api/src/test/geo/make-city-fixture.pl}, checked in under
 * {@code geo/}. Public for the query API's integration tests, which configure it with the City one.
 */
public final class GeoFixtures {
    public static final Path CITY = resource("city-fixture.mmdb");
    static final Path DBIP_IPV4 = resource("dbip-city-ipv4-fixture.mmdb");
    static final Path DBIP_IPV6 = resource("dbip-city-ipv6-fixture.mmdb");
    static final Path ASN = resource("asn-fixture.mmdb");

    private GeoFixtures() {
    }

    private static Path resource(String name) {
        URL url = GeoFixtures.class.getResource("/geo/" + name);
        if (url == null) {
            throw new IllegalStateException("test resource geo/" + name + " is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The raw record the file holds for {@code ip}, read past every filter of the locators: the
     * tests that expect a skip use it to show there was something to skip.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> rawRecord(Path file, String ip) throws IOException {
        try (Reader reader = new Reader(file.toFile())) {
            return reader.get(InetAddress.getByName(ip), Map.class);
        }
    }
}
