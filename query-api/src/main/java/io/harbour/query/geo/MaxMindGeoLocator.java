package io.harbour.query.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.AddressNotFoundException;
import com.maxmind.geoip2.model.CityResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Locations from a MaxMind GeoIP2 or GeoLite2 City database (also GeoIP2 Enterprise, and DB-IP's
 * own GeoIP2-compatible {@code DBIP-City-Lite} download), read with geoip2's
 * {@link DatabaseReader}: the city's and the country's English names ({@code city.names.en},
 * {@code country.names.en}) and {@code location.latitude}/{@code longitude}.
 *
 * <p>The file is memory-mapped and decoded records are kept in a node cache, so a lookup costs
 * microseconds; {@link DatabaseReader} is safe to share between threads, and so is this class.
 * {@link #locate} never throws: garbage, private and reserved addresses (see
 * {@link LocatableAddresses}) and addresses the database does not hold are all empty.
 *
 * <p>Open one with {@link GeoLocators#open(Path)}, which picks this class or
 * {@link DbIpGeoLocator} by the database's type and never fails.
 */
public final class MaxMindGeoLocator extends LookupGeoLocator {
    private final DatabaseReader reader;

    private MaxMindGeoLocator(Path file, DatabaseReader reader) {
        super(file);
        this.reader = reader;
    }

    /**
     * Opens {@code file}.
     *
     * @throws IOException when it cannot be read or is not a MaxMind DB file
     */
    public static MaxMindGeoLocator open(Path file) throws IOException {
        DatabaseReader reader = new DatabaseReader.Builder(file.toFile())
                .fileMode(Reader.FileMode.MEMORY_MAPPED)
                .withCache(new CHMCache())
                .locales(List.of("en"))
                .build();
        return new MaxMindGeoLocator(file, reader);
    }

    @Override
    protected Optional<GeoLocation> lookup(InetAddress address) throws Exception {
        Optional<CityResponse> found;
        try {
            found = reader.tryCity(address);
        } catch (AddressNotFoundException e) {
            // tryCity reports "not found" as empty; kept for readers of older databases and versions.
            return Optional.empty();
        }
        return found.flatMap(city -> location(
                city.getCity() == null ? null : city.getCity().getName(),
                city.getCountry() == null ? null : city.getCountry().getName(),
                city.getLocation() == null ? null : city.getLocation().getLatitude(),
                city.getLocation() == null ? null : city.getLocation().getLongitude()));
    }

    /** The database's metadata type, for example {@code GeoLite2-City}. */
    public String databaseType() {
        return reader.getMetadata().getDatabaseType();
    }

    @Override
    protected void closeDatabase() throws IOException {
        reader.close();
    }
}
