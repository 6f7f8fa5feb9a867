package io.harbour.query.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** DB-IP Lite City in @ip-location-db's flat schema: an IPv4 file (doubles) and an IPv6 file (floats). */
class DbIpGeoLocatorTest {
    private static GeoLocator ipv4;
    private static GeoLocator ipv6;

    @BeforeAll
    static void open() {
        ipv4 = GeoLocators.open(GeoFixtures.DBIP_IPV4);
        ipv6 = GeoLocators.open(GeoFixtures.DBIP_IPV6);
    }

    @AfterAll
    static void close() {
        ipv4.close();
        ipv6.close();
    }

    @Test
    void theFlatSchemaIsRecognisedByItsRecordsAndWorks() {
        assertInstanceOf(DbIpGeoLocator.class, ipv4);
        assertInstanceOf(DbIpGeoLocator.class, ipv6);
        assertNull(ipv4.unavailableReason());
        assertNull(ipv6.unavailableReason());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "203.0.113.45   | Mumbai     | India   | 19.0728 | 72.8826",
            "142.250.67.206 | Mumbai     | India   | 19.0728 | 72.8826",
            "198.51.100.23  | Berlin     | Germany | 52.5244 | 13.4105",
            "93.228.80.75   | Düsseldorf | Germany | 51.2277 | 6.7735",
    })
    void cityCountryNameFromItsCodeAndCoordinates(String ip, String city, String country, double lat, double lon) {
        assertEquals(Optional.of(new GeoLocation(city, country, lat, lon)), ipv4.locate(ip));
    }

    @Test
    void anEmptyCityIsNull() {
        assertEquals(Optional.of(new GeoLocation(null, "Netherlands", 52.3676, 4.9041)), ipv4.locate("192.0.2.1"));
    }

    @Test
    void floatCoordinatesKeepTheDecimalsTheAuthorWrote() {
        // 35.6895 as a 32-bit float widens to 35.68949890136719; the locator gives 35.6895.
        assertEquals(Optional.of(new GeoLocation("Tokyo", "Japan", 35.6895, 139.6917)), ipv6.locate("2001:db8::1"));
        assertEquals(Optional.of(new GeoLocation("Mumbai", "India", 19.0728, 72.8826)),
                ipv6.locate("2404:6800:4009:813::200e"));
    }

    @Test
    void anIpv6AddressAskedOfAnIpv4OnlyFileIsEmpty() {
        assertEquals(Optional.empty(), ipv4.locate("2001:db8::1"));
    }

    @Test
    void anIpv4AddressAskedOfTheIpv6FileIsNotFound() {
        assertEquals(Optional.empty(), ipv6.locate("203.0.113.45"));
    }

    @Test
    void privateAddressesAreSkippedEvenWhenTheFileHasARecord() throws Exception {
        assertNotNull(GeoFixtures.rawRecord(GeoFixtures.DBIP_IPV4, "192.168.1.100"));
        assertEquals(Optional.empty(), ipv4.locate("192.168.1.100"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "LOCAL", "", "garbage", "1.2.3", "::1"})
    void unknownSkippedAndGarbageAreEmpty(String ip) {
        assertEquals(Optional.empty(), ipv4.locate(ip));
        assertEquals(Optional.empty(), ipv6.locate(ip));
    }

    @ParameterizedTest
    @CsvSource({"IN, India", "in, India", "DE, Germany", "US, United States", "JP, Japan"})
    void countryCodesBecomeEnglishNames(String code, String name) {
        assertEquals(name, DbIpGeoLocator.countryName(code));
    }

    @Test
    void noCountryCodeIsNoCountry() {
        assertNull(DbIpGeoLocator.countryName(""));
        assertNull(DbIpGeoLocator.countryName(null));
    }

    @Test
    void bothFilesTogetherLocateBothFamilies() {
        try (GeoLocator both = GeoLocators.openAll(java.util.List.of(GeoFixtures.DBIP_IPV4, GeoFixtures.DBIP_IPV6))) {
            assertNull(both.unavailableReason());
            assertEquals("Mumbai", both.locate("203.0.113.45").map(GeoLocation::city).orElse(null));
            assertEquals("Tokyo", both.locate("2001:db8::1").map(GeoLocation::city).orElse(null));
        }
    }
}
