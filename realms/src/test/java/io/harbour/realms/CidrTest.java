package io.harbour.realms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, 10.255.1.2, true",
        "10.0.0.0/8, 11.0.0.1, false",
        "192.168.1.0/24, 192.168.1.77, true",
        "192.168.1.0/24, 192.168.2.1, false",
        "0.0.0.0/0, 203.0.113.9, true",
        "203.0.113.9, 203.0.113.9, true",
        "203.0.113.9, 203.0.113.10, false",
        "2001:db8::/32, 2001:db8:ffff::1, true",
        "2001:db8::/32, 2001:db9::1, false",
        "::/0, 2001:db8::1, true",
        "fe80::1/128, fe80::1, true",
        "10.0.0.0/8, ::ffff:10.1.2.3, true",
        "2001:db8::/32, 10.0.0.1, false",
        "10.0.0.0/8, 2001:db8::1, false",
        "::/0, 10.0.0.1, false",
    })
    void containsAddressesOfItsFamily(String range, String address, boolean expected) throws Exception {
        assertEquals(expected, Cidr.parse(range).contains(ip(address)));
    }

    @Test
    void ipv4MappedSenderOnDualStackSocketMatchesIpv4Range() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[15] = 7;
        // Built by hand because InetAddress.getByAddress already turns mapped bytes into IPv4.
        InetAddress address = java.net.Inet6Address.getByAddress(null, mapped, -1);
        assertTrue(Cidr.parse("10.0.0.0/8").contains(address));
        assertEquals("10.0.0.7", Cidr.display(address));
    }

    @Test
    void prefixBeyondTheAddressIsNotACidr() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        assertEquals("\"10.0.0.0/33\" is not a CIDR", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("2001:db8::/129"));
    }

    @Test
    void hostBitsSetNamesTheRangeMeant() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.1/8"));
        assertEquals("\"10.0.0.1/8\" is not a CIDR: host bits are set; the range is \"10.0.0.0/8\"", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "example.com/24", "10.0.0/8", "10.0.0.256/32", "010.0.0.0/8",
        "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/08", "1.2.3.4.5", "abc:def", "fe80::1%eth0", "gggg::/16",
        "::ffff:10.0.0.0/104", "10.0.0.0/8/8", " /8"})
    void refusesWhatIsNotARangeWithoutAskingDns(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
        assertTrue(e.getMessage().startsWith("\"" + text.strip() + "\" is not a CIDR"), e.getMessage());
    }

    @Test
    void keepsTheSpellingItWasGivenAndComparesByValue() {
        assertEquals("2001:DB8::/32", Cidr.parse(" 2001:DB8::/32 ").toString());
        assertEquals(Cidr.parse("2001:db8:0::/32"), Cidr.parse("2001:DB8::/32"));
        assertEquals(32, Cidr.parse("2001:db8::/32").prefixLength());
        assertTrue(Cidr.parse("2001:db8::/32").isIpv6());
        assertFalse(Cidr.parse("10.0.0.0/8").isIpv6());
    }

    @Test
    void overlapIsSharingAnyAddress() {
        assertTrue(Cidr.parse("10.0.0.0/8").overlaps(Cidr.parse("10.20.0.0/16")));
        assertTrue(Cidr.parse("10.20.0.0/16").overlaps(Cidr.parse("10.0.0.0/8")));
        assertFalse(Cidr.parse("10.0.0.0/16").overlaps(Cidr.parse("10.1.0.0/16")));
        assertFalse(Cidr.parse("0.0.0.0/0").overlaps(Cidr.parse("::/0")));
    }

    @Test
    void nullAddressIsInNoRange() {
        assertFalse(Cidr.parse("0.0.0.0/0").contains(null));
    }
}
