package io.harbour.query.geo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A location as the unusual-IP answers give it (seed 002's {@code IPLocation}): any part may be
 * null when the database does not know it.
 *
 * @param city      the city's English name
 * @param country   the country's English name
 * @param latitude  degrees
 * @param longitude degrees
 */
public record GeoLocation(String city, String country, Double latitude, Double longitude) {

    /** Adds seed 002's {@code city, country, lat, long} to an answer's item, each null where unknown. */
    public static void putInto(ObjectNode item, Optional<GeoLocation> where) {
        item.put("city", where.map(GeoLocation::city).orElse(null));
        item.put("country", where.map(GeoLocation::country).orElse(null));
        item.put("lat", where.map(GeoLocation::latitude).orElse(null));
        item.put("long", where.map(GeoLocation::longitude).orElse(null));
    }
}
