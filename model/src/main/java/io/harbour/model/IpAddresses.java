package io.harbour.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * IPv4 and IPv6 literals, parsed by hand because {@link InetAddress#getByName} falls back to a
 * DNS lookup for anything that is not a literal, and a log receiver must never resolve names
 * taken from its input.
 *
 * <p>IPv4 is strict dotted quad without leading zeros (which some parsers read as octal). IPv6
 * follows RFC 4291 text forms, {@code ::} and an embedded IPv4 tail included; zone ids such as
 * {@code %eth0} are refused because they mean nothing outside the sender's host.
 */
public final class IpAddresses {
    private static final int MAX_IPV6_TEXT = 45;

    private IpAddresses() {
    }

    public static boolean isLiteral(String text) {
        return bytesOf(text) != null;
    }

    /** The address, without any lookup; empty when {@code text} is not an IP literal. */
    public static Optional<InetAddress> parseLiteral(String text) {
        byte[] bytes = bytesOf(text);
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    private static byte[] bytesOf(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
    }

    /** Strict dotted quad, read in one pass without splitting (the common case of every entry). */
    private static byte[] ipv4(String text) {
        int n = text.length();
        byte[] bytes = new byte[4];
        int part = 0;
        int pos = 0;
        while (true) {
            int start = pos;
            int value = 0;
            while (pos < n) {
                char c = text.charAt(pos);
                if (c == '.') {
                    break;
                }
                if (c < '0' || c > '9') {
                    return null;
                }
                value = value * 10 + (c - '0');
                if (++pos - start > 3) {
                    return null;
                }
            }
            int length = pos - start;
            if (length == 0 || (length > 1 && text.charAt(start) == '0') || value > 255) {
                return null;
            }
            bytes[part++] = (byte) value;
            if (pos == n) {
                return part == 4 ? bytes : null;
            }
            if (part == 4) {
                return null;
            }
            pos++; // past the dot
        }
    }

    private static byte[] ipv6(String text) {
        if (text.length() > MAX_IPV6_TEXT) {
            return null;
        }
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = groups(gap >= 0 ? text.substring(0, gap) : text, gap < 0);
        int[] tail = gap >= 0 ? groups(text.substring(gap + 2), true) : new int[0];
        if (head == null || tail == null) {
            return null;
        }
        int count = head.length + tail.length;
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < head.length; i++) {
            putGroup(bytes, i, head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            putGroup(bytes, 8 - tail.length + i, tail[i]);
        }
        return bytes;
    }

    /** 16-bit groups of one side of {@code ::}; an IPv4 tail counts as two groups. */
    private static int[] groups(String side, boolean mayEndInIpv4) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] parts = side.split(":", -1);
        int[] out = new int[parts.length + 1];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && mayEndInIpv4 && part.indexOf('.') >= 0) {
                byte[] v4 = ipv4(part);
                if (v4 == null) {
                    return null;
                }
                out[n++] = (v4[0] & 0xff) << 8 | (v4[1] & 0xff);
                out[n++] = (v4[2] & 0xff) << 8 | (v4[3] & 0xff);
                continue;
            }
            int value = hexGroup(part);
            if (value < 0) {
                return null;
            }
            out[n++] = value;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static int hexGroup(String part) {
        if (part.isEmpty() || part.length() > 4) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            int digit;
            if (c >= '0' && c <= '9') {
                digit = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                digit = c - 'a' + 10;
            } else if (c >= 'A' && c <= 'F') {
                digit = c - 'A' + 10;
            } else {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private static void putGroup(byte[] bytes, int group, int value) {
        bytes[2 * group] = (byte) (value >>> 8);
        bytes[2 * group + 1] = (byte) value;
    }
}
