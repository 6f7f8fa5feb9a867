package io.harbour.query.geo;

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
}
