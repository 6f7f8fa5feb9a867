package io.harbour.query.logharbour;

import static io.harbour.query.logharbour.Refusals.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RemoteAddressTest {
    @Test
    void localIsMatchedOnTheTextFieldInAnyCase() {
        assertEquals(new RemoteAddress("LOCAL", false), RemoteAddress.parse("LOCAL"));
        assertEquals(new RemoteAddress("LOCAL", false), RemoteAddress.parse("local"));
    }

    @Test
    void addressesAndRangesAreMatchedOnTheIpField() {
        assertEquals(new RemoteAddress("203.0.113.45", true), RemoteAddress.parse("203.0.113.45"));
        assertEquals(new RemoteAddress("2001:0db8::1", true), RemoteAddress.parse("2001:0db8::1"));
        assertEquals(new RemoteAddress("10.0.0.0/8", true), RemoteAddress.parse("10.0.0.0/8"));
        assertEquals(new RemoteAddress("2001:db8::/32", true), RemoteAddress.parse("2001:db8::/32"));
    }

    @Test
    void anythingElseIsInvalidIp() {
        for (String bad : new String[] {"example.com", "999.1.1.1", "10.0.0.1/8", "10.0.0.0/33", "1.2.3", "LOCALHOST"}) {
            refused(400, "invalid_ip", "remoteIP", () -> RemoteAddress.parse(bad));
        }
    }
}
