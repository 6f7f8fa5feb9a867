package io.harbour.query.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MaxMindGeoLocatorTest {
    private static final GeoLocation MUMBAI = new GeoLocation("Mumbai", "India", 19.0728, 72.8826);

    private static GeoLocator locator;

    @BeforeAll
    static void open() {
        locator = GeoLocators.open(GeoFixtures.CITY);
    }

    @AfterAll
    static void close() {
        locator.close();
    }

    @Test
    void aGeoLite2CityDatabaseIsReadByTheMaxMindLocatorAndWorks() {
        MaxMindGeoLocator maxMind = assertInstanceOf(MaxMindGeoLocator.class, locator);
        assertEquals("GeoLite2-City", maxMind.databaseType());
        assertNull(locator.unavailableReason());
    }

    @Test
    void aPublicIpv4AddressGetsEnglishNamesAndCoordinates() {
        assertEquals(Optional.of(MUMBAI), locator.locate("142.250.67.206"));
    }

    /** remote_ip values of ../shared/data/logharbour-testdata.json that the fixture covers. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "142.250.67.206          | Mumbai      | India         | 19.0728 | 72.8826",
            "2404:6800:4009:813::200e | Mumbai     | India         | 19.0728 | 72.8826",
            "117.217.12.191          | Pune        | India         | 18.5196 | 73.8553",
            "71.177.37.117           | Los Angeles | United States | 34.0522 | -118.2437",
            "93.228.80.75            | Düsseldorf  | Germany       | 51.2277 | 6.7735",
            "89.93.147.138           | Paris       | France        | 48.8566 | 2.3522",
            "218.14.74.156           | Guangzhou   | China         | 23.1291 | 113.2644",
            "97.108.239.171          | Toronto     | Canada        | 43.6532 | -79.3832",
            "202.38.210.68           | Singapore   | Singapore     | 1.2897  | 103.8501",
    })
    void addressesOfTheSharedTestDataAreLocated(String ip, String city, String country, double lat, double lon) {
        assertEquals(Optional.of(new GeoLocation(city, country, lat, lon)), locator.locate(ip));
    }

    @Test
    void documentationRangesAreLocatedBecauseTestsUseThemAsPublicAddresses() {
        assertEquals(Optional.of(MUMBAI), locator.locate("203.0.113.45"));
        // Berlin's record also has German and Japanese names: the English ones are taken.
        assertEquals(Optional.of(new GeoLocation("Berlin", "Germany", 52.5244, 13.4105)),
                locator.locate("198.51.100.23"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:db8::1", "2001:DB8:0:0:0:0:0:1", "2001:db8:85a3::8a2e:370:7334"})
    void ipv6AddressesAreLocatedInEveryTextForm(String ip) {
        assertEquals(Optional.of(new GeoLocation("Tokyo", "Japan", 35.6895, 139.6917)), locator.locate(ip));
    }

    @Test
    void anIpv4MappedIpv6AddressIsLookedUpAsItsIpv4Address() {
        assertEquals(Optional.of(MUMBAI), locator.locate("::ffff:203.0.113.45"));
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertEquals(Optional.of(MUMBAI), locator.locate(" 203.0.113.45\t"));
    }

    @Test
    void aRecordWithOnlyACountryGivesTheCountryAndNullsForTheRest() {
        assertEquals(Optional.of(new GeoLocation(null, "Netherlands", null, null)), locator.locate("192.0.2.1"));
    }

    @Test
    void aRecordWithNothingALocationCarriesIsEmpty() throws Exception {
        assertNotNull(GeoFixtures.rawRecord(GeoFixtures.CITY, "2001:db8:ffff::1").get("continent"));
        assertEquals(Optional.empty(), locator.locate("2001:db8:ffff::1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "203.0.114.1", "68c4:aeef:d3b0:ad7b:ceda:bdad:c59a:ec9d",
            "2a00:1450:4001:81c::200e"})
    void addressesTheDatabaseDoesNotHoldAreEmpty(String ip) {
        assertEquals(Optional.empty(), locator.locate(ip));
    }

    /** The fixture holds records for these networks, so only the skip keeps them out. */
    @ParameterizedTest
    @ValueSource(strings = {"192.168.1.100", "253.137.0.217", "250.47.205.228", "fdbf:41cb:fa1a:01d8:d9d6:6f01:08e0:8ea7"})
    void privateAndReservedAddressesAreSkippedEvenWhenTheDatabaseHasARecord(String ip) throws Exception {
        assertNotNull(GeoFixtures.rawRecord(GeoFixtures.CITY, ip), "the fixture should hold a record for " + ip);
        assertEquals(Optional.empty(), locator.locate(ip));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "10.1.2.3", "172.16.0.1", "169.254.10.10", "100.64.0.1",
            "224.250.161.71", "0.236.219.249", "255.255.255.255", "fe80::1", "ff02::1", "::"})
    void otherSpecialPurposeAddressesAreEmpty(String ip) {
        assertEquals(Optional.empty(), locator.locate(ip));
    }

    @Test
    void localIsNotAnAddress() {
        assertEquals(Optional.empty(), locator.locate("LOCAL"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "local", "not an ip", "999.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4",
            "203.0.113.45%eth0", "fe80::1%eth0", "2001:db8:::1", "2001:db8::g", "[2001:db8::1]",
            "203.0.113.45:8080", "localhost", "example.com", "\u0000", "203.0.113.45\n203.0.113.46"})
    void garbageIsEmptyAndNeverThrows(String input) {
        assertEquals(Optional.empty(), locator.locate(input));
    }

    @Test
    void aVeryLongInputIsEmpty() {
        assertEquals(Optional.empty(), locator.locate("1".repeat(100_000)));
        assertEquals(Optional.empty(), locator.locate("2001:db8::".repeat(10_000)));
    }

    @Test
    void concurrentLookupsGiveTheSameAnswersAsOneThread() throws Exception {
        List<String> ips = List.of("142.250.67.206", "2001:db8::7", "93.228.80.75", "8.8.8.8", "LOCAL",
                "192.168.1.100", "192.0.2.9", "garbage", "2404:6800:4009:813::200e", "71.177.37.117");
        List<Optional<GeoLocation>> expected = ips.stream().map(locator::locate).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                Callable<Integer> task = () -> {
                    int checked = 0;
                    for (int i = 0; i < 5_000; i++) {
                        int k = (i + offset) % ips.size();
                        assertEquals(expected.get(k), locator.locate(ips.get(k)), ips.get(k));
                        checked++;
                    }
                    return checked;
                };
                results.add(pool.submit(task));
            }
            for (Future<Integer> result : results) {
                assertEquals(5_000, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClosedLocatorAnswersEmptyInsteadOfThrowing() throws Exception {
        GeoLocator own = MaxMindGeoLocator.open(GeoFixtures.CITY);
        assertTrue(own.locate("203.0.113.45").isPresent());
        own.close();
        own.close();
        assertEquals(Optional.empty(), own.locate("203.0.113.45"));
    }
}
