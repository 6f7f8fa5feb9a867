package io.harbour.query;

import io.harbour.query.geo.GeoLocation;
import io.harbour.query.geo.GeoLocator;
import java.util.Optional;

/**
 * The locator when no City database is configured: every location unknown, and the answers say
 * why, so a caller can tell "not configured" from "the database does not know this address".
 */
public final class NoGeoLocator implements GeoLocator {
    public static final String NOT_CONFIGURED = "no GeoIP database configured (query_api.geoip.database)";

    private final String reason;

    public NoGeoLocator(String reason) {
        this.reason = reason;
    }

    public static NoGeoLocator notConfigured() {
        return new NoGeoLocator(NOT_CONFIGURED);
    }

    @Override
    public Optional<GeoLocation> locate(String ip) {
        return Optional.empty();
    }

    @Override
    public String unavailableReason() {
        return reason;
    }

    @Override
    public void close() {
        // nothing open
    }
}
