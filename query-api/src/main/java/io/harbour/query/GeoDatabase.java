package io.harbour.query;

import io.harbour.query.geo.GeoLocator;
import io.harbour.query.geo.GeoLocators;

/**
 * The locator {@code geoip.database} asks for: {@link NoGeoLocator} when it names none, else the
 * geo package's reader (one path, or DB-IP's IPv4 and IPv6 files separated by commas), which
 * never throws: an unusable file gives a locator that says why.
 */
final class GeoDatabase {
    private GeoDatabase() {
    }

    static GeoLocator open(QueryApiConfig.Geoip geoip) {
        return geoip.configured() ? GeoLocators.fromSetting(geoip.database()) : NoGeoLocator.notConfigured();
    }
}
