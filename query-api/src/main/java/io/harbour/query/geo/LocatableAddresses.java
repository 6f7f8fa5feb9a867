package io.harbour.query.geo;

import io.harbour.model.IpAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Which addresses are worth a database lookup: IP literals (parsed without DNS, by the model's
 * {@link IpAddresses}) that are not private or reserved for special use.
 *
 * <p>Skipped, because no database can say where they are (they mean a different host in every
 * network): unspecified and "this network" ({@code 0.0.0.0/8}, {@code ::}), loopback, private
 * ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16}, unique local {@code fc00::/7}), shared
 * address space ({@code 100.64/10}), link-local, IETF protocol assignments ({@code 192.0.0/24}),
 * benchmarking ({@code 198.18/15}), multicast, class E and broadcast ({@code 240/4}), the old
 * site-local {@code fec0::/10}, and the discard prefix {@code 100::/64}.
 *
 * <p>Not skipped, on purpose: the documentation ranges {@code 192.0.2/24}, {@code 198.51.100/24},
 * {@code 203.0.113/24} and {@code 2001:db8::/32}. They are reserved too, but examples and test
 * data use them in place of public addresses (the LogHarbour wire-format examples log
 * {@code 203.0.113.45}), real databases hold no record of them, so with a real database they come
 * back empty anyway, while a test database can give them a location.
 */
final class LocatableAddresses {

    private LocatableAddresses() {
    }

    /** The address to look up, or empty for a non-literal (names are never resolved) or a skipped address. */
    static Optional<InetAddress> of(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return IpAddresses.parseLiteral(text.strip()).filter(a -> !isSpecialPurpose(a));
    }

    static boolean isSpecialPurpose(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0
                    || first >= 240
                    || first == 100 && second >= 64 && second <= 127
                    || first == 192 && second == 0 && b[2] == 0
                    || first == 198 && (second == 18 || second == 19);
        }
        int first = b[0] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return true; // fc00::/7, unique local
        }
        boolean discard = first == 0x01 && b[1] == 0;
        for (int i = 2; discard && i < 8; i++) {
            discard = b[i] == 0;
        }
        return discard;
    }
}
