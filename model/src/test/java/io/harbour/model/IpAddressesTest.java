package io.harbour.model;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "0.0.0.0", "1.2.3.4", "255.255.255.255", "142.250.67.206", "0.236.219.249", "192.168.1.100",
        "::", "::1", "1::", "2001:db8::1", "2404:6800:4009:813::200e", "fe80::1:2:3:4:5:6",
        "8afc:de6c:c0ba:d9dd:5feb:d74e:416a:ece6", "0124:71e4:961e:977a:9de4:080b:ee0e:bfcf",
        "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "::ffff:1.2.3.4", "64:ff9b::192.0.2.33", "1:2:3:4:5:6:1.2.3.4", "ABCD::EF01"
    })
    void acceptsLiterals(String text) throws Exception {
        assertTrue(IpAddresses.isLiteral(text), text);
        InetAddress address = IpAddresses.parseLiteral(text).orElseThrow();
        assertEquals(InetAddress.getByName(text), address, "the JDK reads the same literal the same way");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4", "01.2.3.4", "1.2.3.4 ", " 1.2.3.4", "1..3.4", "1.2.3.4.",
        "localhost", "example.com", "LOCAL", ":", ":::", "1:::2", "1::2::3", ":1::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
        "12345::", "g::1", "fe80::1%eth0", "[::1]", "::1.2.3", "1.2.3.4::", "::ffff:1.2.3.256", "1:2:3:4:5:6:7:1.2.3.4",
        "\u0661.2.3.4", "1:2:3:4:5:6:7:8::"
    })
    void refusesEverythingElseWithoutLookingItUp(String text) {
        assertFalse(IpAddresses.isLiteral(text), text);
        assertEquals(Optional.empty(), IpAddresses.parseLiteral(text));
    }

    @Test
    void handlesNull() {
        assertFalse(IpAddresses.isLiteral(null));
    }
}
