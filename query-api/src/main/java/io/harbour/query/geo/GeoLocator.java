package io.harbour.query.geo;

import java.util.Optional;

/**
 * Where an IP address is, for the unusual-IP answers. Implementations answer from memory (a City
 * database opened at start), so a lookup is cheap enough to run for every address of an answer.
 */
public interface GeoLocator extends AutoCloseable {

    /**
     * The location of {@code ip}; empty when the address is not an IP literal, is private or
     * reserved, or the database has no record of it.
     */
    Optional<GeoLocation> locate(String ip);

    /**
     * Null when lookups work; otherwise why every location is null (no database configured, the
     * file cannot be read, ...), which answers carry so a caller knows the nulls are not "unknown".
     */
    String unavailableReason();

    @Override
    void close();
}
