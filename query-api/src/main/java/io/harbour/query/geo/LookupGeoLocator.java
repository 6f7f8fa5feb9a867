package io.harbour.query.geo;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both database locators share: the address filter in front of every lookup, and the
 * promise that {@link #locate} never throws, whatever the input or the state of the file.
 */
abstract sealed class LookupGeoLocator implements GeoLocator permits MaxMindGeoLocator, DbIpGeoLocator {
    private static final Logger LOG = LoggerFactory.getLogger(LookupGeoLocator.class);

    private final Path file;
    private final AtomicBoolean lookupFailureLogged = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    LookupGeoLocator(Path file) {
        this.file = file;
    }

    /** The database file this locator reads. */
    public Path file() {
        return file;
    }

    @Override
    public final Optional<GeoLocation> locate(String ip) {
        Optional<InetAddress> address = LocatableAddresses.of(ip);
        if (address.isEmpty() || closed.get()) {
            return Optional.empty();
        }
        try {
            return lookup(address.get());
        } catch (Exception e) {
            // A damaged region of the file (the header read fine at open), an IPv6 address asked of an
            // IPv4-only database, or a lookup racing close(): the answer is "unknown", never an error
            // of the query that asked. Said once per locator, loudly, so a bad file does not hide.
            if (lookupFailureLogged.compareAndSet(false, true)) {
                LOG.warn("GeoIP lookup of {} in {} failed (further failures are logged at debug): {}",
                        ip, file, e.toString());
            } else {
                LOG.debug("GeoIP lookup of {} in {} failed", ip, file, e);
            }
            return Optional.empty();
        }
    }

    /** A location from the database's record, or empty when it has none for {@code address}. */
    protected abstract Optional<GeoLocation> lookup(InetAddress address) throws Exception;

    /** Null: a database locator works once it is open. */
    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                closeDatabase();
            } catch (Exception e) {
                LOG.debug("closing GeoIP database {} failed", file, e);
            }
        }
    }

    protected abstract void closeDatabase() throws Exception;

    /** A location of whichever parts are known; empty when none is, as a record that says nothing. */
    static Optional<GeoLocation> location(String city, String country, Double latitude, Double longitude) {
        city = blankToNull(city);
        country = blankToNull(country);
        if (city == null && country == null && latitude == null && longitude == null) {
            return Optional.empty();
        }
        return Optional.of(new GeoLocation(city, country, latitude, longitude));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + file + "]";
    }
}
