package io.harbour.query;

import io.harbour.query.geo.GeoLocator;
import io.harbour.query.geo.GeoLocators;

/**
 * The locator {@code geoip.database} asks for, from the geo package, which never throws: blank
 * gives a locator whose reason is "no GeoIP database configured (geoip.database)", an unusable
 * file one that names the file and its error; either way unusual-IP answers still come, with
 * null locations and that reason.
 */
final class GeoDatabase {
    private GeoDatabase() {
    }

    static GeoLocator open(QueryApiConfig.Geoip geoip) {
        return GeoLocators.fromSetting(geoip.database());
    }
}
