package io.harbour.realms;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}; a bare
 * address is a range of one. Parsing never touches DNS: a range comes from a file or a command
 * line, and a name there would make the security decision depend on a resolver.
 */
public final class Cidr {
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /**
     * @throws IllegalArgumentException {@code "<text>" is not a CIDR}, with a reason appended when
     *                                  one helps (host bits set, IPv4-mapped form)
     */
    public static Cidr parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        int slash = trimmed.indexOf('/');
        String addressPart = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] address = parseAddress(addressPart, trimmed);
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String prefixPart = trimmed.substring(slash + 1);
            if (!prefixPart.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(prefixPart) > bits) {
                throw notACidr(trimmed, null);
            }
            prefix = Integer.parseInt(prefixPart);
        }
        byte[] network = mask(address, prefix);
        if (!Arrays.equals(network, address)) {
            // 10.0.0.1/8 is almost always a typo for a single host or for 10.0.0.0/8; guessing
            // which one was meant would widen or narrow what the realm accepts behind its back.
            throw notACidr(trimmed, "host bits are set; the range is \"" + format(network) + "/" + prefix + "\"");
        }
        return new Cidr(network, prefix, trimmed);
    }

    private static byte[] parseAddress(String address, String whole) {
        if (IPV4.matcher(address).matches()) {
            byte[] bytes = new byte[4];
            String[] parts = address.split("\\.");
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(parts[i]);
                if (octet > 255) {
                    throw notACidr(whole, null);
                }
                bytes[i] = (byte) octet;
            }
            return bytes;
        }
        if (address.indexOf(':') >= 0 && IPV6_CHARS.matcher(address).matches()) {
            try {
                // Brackets make the JDK treat the text as an IPv6 literal and fail rather than
                // fall back to a DNS lookup; the character check above already excludes names.
                InetAddress parsed = InetAddress.getByName("[" + address + "]");
                if (parsed instanceof Inet4Address) {
                    throw notACidr(whole, "write IPv4-mapped ranges in IPv4 form");
                }
                return parsed.getAddress();
            } catch (UnknownHostException e) {
                throw notACidr(whole, null);
            }
        }
        throw notACidr(whole, null);
    }

    private static IllegalArgumentException notACidr(String text, String reason) {
        return new IllegalArgumentException("\"" + text + "\" is not a CIDR" + (reason == null ? "" : ": " + reason));
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        return masked;
    }

    private static String format(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only thrown for a wrong length, which cannot happen here
        }
    }

    /** True when the address is inside this range; an IPv4-mapped IPv6 address counts as IPv4. */
    public boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] bytes = comparable(address.getAddress());
        return bytes.length == network.length && Arrays.equals(mask(bytes, prefix), network);
    }

    /** True when some address is in both ranges. */
    public boolean overlaps(Cidr other) {
        if (network.length != other.network.length) {
            return false;
        }
        int shorter = Math.min(prefix, other.prefix);
        return Arrays.equals(mask(network, shorter), mask(other.network, shorter));
    }

    /**
     * Dual-stack sockets report IPv4 senders as {@code ::ffff:a.b.c.d}; a realm that lists
     * {@code 10.0.0.0/8} means those senders too.
     */
    static byte[] comparable(byte[] address) {
        if (address.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
            return address;
        }
        return Arrays.copyOfRange(address, 12, 16);
    }

    /** The address in the form used in identities and messages ({@code ::ffff:} prefix removed). */
    static String display(InetAddress address) {
        return format(comparable(address.getAddress()));
    }

    public boolean isIpv6() {
        return network.length == 16;
    }

    public int prefixLength() {
        return prefix;
    }

    /** The range as it was written (trimmed), so that the file keeps the operator's spelling. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && prefix == c.prefix && Arrays.equals(network, c.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }
}
