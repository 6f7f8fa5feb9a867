package io.harbour.query.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoLocatorsTest {
    @TempDir
    Path dir;

    @Test
    void noDatabaseConfiguredSaysSoAndNamesTheKey() {
        for (GeoLocator locator : List.of(GeoLocators.open((Path) null), GeoLocators.fromSetting(null),
                GeoLocators.fromSetting(""), GeoLocators.fromSetting("  "), GeoLocators.openAll(List.of()))) {
            assertEquals("no GeoIP database configured (geoip.database)", locator.unavailableReason());
            assertEquals(Optional.empty(), locator.locate("203.0.113.45"));
            locator.close();
        }
    }

    @Test
    void aMissingFileIsNamedWithTheError() {
        Path missing = dir.resolve("GeoLite2-City.mmdb");
        GeoLocator locator = GeoLocators.open(missing);
        assertUnavailable(locator, missing.toString(), "no such file");
    }

    @Test
    void aDirectoryIsNotADatabase() {
        assertUnavailable(GeoLocators.open(dir), dir.toString(), "directory");
    }

    @Test
    void anEmptyFileIsNamedWithTheError() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.mmdb"));
        assertUnavailable(GeoLocators.open(empty), empty.toString(), "InvalidDatabaseException");
    }

    @Test
    void randomBytesAreNamedWithTheError() throws Exception {
        byte[] noise = new byte[64 * 1024];
        new Random(7).nextBytes(noise);
        Path corrupt = Files.write(dir.resolve("corrupt.mmdb"), noise);
        assertUnavailable(GeoLocators.open(corrupt), corrupt.toString(), "InvalidDatabaseException");
    }

    @Test
    void aTruncatedDatabaseIsNamedWithTheError() throws Exception {
        byte[] whole = Files.readAllBytes(GeoFixtures.CITY);
        Path truncated = Files.write(dir.resolve("truncated.mmdb"), Arrays.copyOf(whole, whole.length / 2));
        assertUnavailable(GeoLocators.open(truncated), truncated.toString(), "InvalidDatabaseException");
    }

    /**
     * The metadata at the end reads fine but the search tree and data are noise: opening may or may
     * not notice, and either way no lookup may throw.
     */
    @Test
    void aDatabaseDamagedInsideNeverThrowsOnLookup() throws Exception {
        byte[] bytes = Files.readAllBytes(GeoFixtures.CITY);
        Random random = new Random(11);
        for (int i = 0; i < bytes.length / 2; i++) {
            bytes[i] = (byte) random.nextInt();
        }
        Path damaged = Files.write(dir.resolve("damaged.mmdb"), bytes);
        try (GeoLocator locator = GeoLocators.open(damaged)) {
            if (locator.unavailableReason() != null) {
                assertTrue(locator.unavailableReason().contains(damaged.toString()), locator.unavailableReason());
            }
            for (String ip : List.of("203.0.113.45", "142.250.67.206", "2001:db8::1", "8.8.8.8", "93.228.80.75")) {
                assertNotNull(locator.locate(ip));
            }
        }
    }

    @Test
    void aDatabaseWithoutLocationsIsRefusedByType() {
        assertUnavailable(GeoLocators.open(GeoFixtures.ASN), GeoFixtures.ASN.toString(),
                "database type \"GeoLite2-ASN\" holds no city locations");
    }

    @Test
    void theReaderIsChosenByTheDatabase() {
        try (GeoLocator city = GeoLocators.open(GeoFixtures.CITY);
             GeoLocator dbip = GeoLocators.open(GeoFixtures.DBIP_IPV4)) {
            assertInstanceOf(MaxMindGeoLocator.class, city);
            assertInstanceOf(DbIpGeoLocator.class, dbip);
        }
    }

    @Test
    void oneUnusableFileAmongSeveralMakesTheWholeLocatorUnavailable() {
        Path missing = dir.resolve("dbip-city-ipv6.mmdb");
        GeoLocator locator = GeoLocators.openAll(List.of(GeoFixtures.DBIP_IPV4, missing));
        assertUnavailable(locator, missing.toString(), "no such file");
    }

    @Test
    void theSettingTakesOnePathOrSeveralSeparatedByCommas() {
        try (GeoLocator one = GeoLocators.fromSetting(GeoFixtures.CITY.toString());
             GeoLocator two = GeoLocators.fromSetting(GeoFixtures.DBIP_IPV4 + " , " + GeoFixtures.DBIP_IPV6)) {
            assertNull(one.unavailableReason());
            assertEquals("Mumbai", one.locate("203.0.113.45").map(GeoLocation::city).orElseThrow());
            assertNull(two.unavailableReason());
            assertEquals("Mumbai", two.locate("203.0.113.45").map(GeoLocation::city).orElseThrow());
            assertEquals("Tokyo", two.locate("2001:db8::1").map(GeoLocation::city).orElseThrow());
        }
    }

    @Test
    void anInvalidPathInTheSettingIsAReasonNotAnException() {
        GeoLocator locator = GeoLocators.fromSetting("bad\u0000path.mmdb");
        assertNotNull(locator.unavailableReason());
        assertTrue(locator.unavailableReason().contains("not a valid path"), locator.unavailableReason());
    }

    @Test
    void anUnavailableLocatorCarriesItsReason() {
        GeoLocator locator = GeoLocators.unavailable("database being replaced");
        assertEquals("database being replaced", locator.unavailableReason());
        assertEquals(Optional.empty(), locator.locate("203.0.113.45"));
    }

    private static void assertUnavailable(GeoLocator locator, String file, String error) {
        String reason = locator.unavailableReason();
        assertNotNull(reason, "expected an unavailable locator");
        assertTrue(reason.contains(file), "the reason should name the file: " + reason);
        assertTrue(reason.contains(error), "the reason should say \"" + error + "\": " + reason);
        assertEquals(Optional.empty(), locator.locate("203.0.113.45"));
        assertEquals(Optional.empty(), locator.locate("garbage"));
        locator.close();
    }
}
