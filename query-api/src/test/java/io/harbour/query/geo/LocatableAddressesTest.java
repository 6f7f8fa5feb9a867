package io.harbour.query.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The edges of every skipped range: the last address before, the first and last inside, the first after. */
class LocatableAddressesTest {

    @ParameterizedTest(name = "{0} locatable: {1}")
    @CsvSource({
            "0.255.255.255, false", "1.0.0.0, true",
            "9.255.255.255, true", "10.0.0.0, false", "10.255.255.255, false", "11.0.0.0, true",
            "100.63.255.255, true", "100.64.0.0, false", "100.127.255.255, false", "100.128.0.0, true",
            "126.255.255.255, true", "127.0.0.1, false", "128.0.0.0, true",
            "169.253.255.255, true", "169.254.0.0, false", "169.255.0.0, true",
            "172.15.255.255, true", "172.16.0.0, false", "172.31.255.255, false", "172.32.0.0, true",
            "192.0.0.1, false", "192.0.1.0, true", "192.0.2.1, true",
            "192.167.255.255, true", "192.168.0.0, false", "192.169.0.0, true",
            "198.17.255.255, true", "198.18.0.0, false", "198.19.255.255, false", "198.20.0.0, true",
            "198.51.100.1, true", "203.0.113.1, true",
            "223.255.255.255, true", "224.0.0.0, false", "239.255.255.255, false",
            "240.0.0.0, false", "255.255.255.255, false",
            "'::', false", "'::1', false", "'::2', true",
            "'100::', false", "'100::ffff:ffff:ffff:ffff', false", "'100:0:0:1::', true",
            "'fbff:ffff::', true", "'fc00::', false", "'fdff:ffff::1', false",
            "'fe7f::1', true", "'fe80::1', false", "'febf::1', false", "'fec0::1', false",
            "'ff02::1', false", "'2001:db8::1', true", "'2404:6800:4009:813::200e', true",
            "'::ffff:10.0.0.1', false", "'::ffff:8.8.8.8', true",
    })
    void specialPurposeRangesAreSkipped(String ip, boolean locatable) {
        assertEquals(locatable, LocatableAddresses.of(ip).isPresent());
    }
}
