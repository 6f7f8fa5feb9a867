package io.harbour.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * LogHarbour activity entries shaped like the Go library's (see the wire-format reference), each
 * line exactly {@link #size} bytes of JSON before its newline. Apps, classes and instances vary,
 * so the receiver's keys (realm + app + class + instance) spread over the partitions as real
 * traffic would; the message text is drawn from a small vocabulary, so it compresses like logs do.
 */
final class LogHarbourEntries {
    private static final String[] APPS = {"OnlineStore", "Payments", "Inventory", "Shipping"};
    private static final String[] CLASSES = {"Order", "Invoice", "Customer", "Parcel", "Sku"};
    private static final String[] OPS = {"create", "update", "delete", "view"};
    private static final String[] WORDS = {"order", "updated", "successfully", "customer", "payment", "accepted",
            "warehouse", "item", "status", "changed", "shipped", "pending", "retry", "queue", "latency", "ms",
            "checkout", "cart", "session", "token", "refreshed", "discount", "applied", "total"};
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final int size;
    private final Random random;

    LogHarbourEntries(int size, long seed) {
        this.size = size;
        this.random = new Random(seed);
    }

    /** {@code count} distinct entries, one JSON object per string, no newline. */
    List<String> lines(int count) {
        List<String> lines = new ArrayList<>(count);
        Instant when = Instant.parse("2026-11-23T05:56:38.427582317Z");
        for (int i = 0; i < count; i++) {
            lines.add(line(when.plusNanos(i * 1_237_911L)));
        }
        return lines;
    }

    /** NDJSON: the lines from {@code first}, wrapping around, each followed by a newline. */
    static byte[] ndjson(List<String> lines, int first, int count) {
        StringBuilder body = new StringBuilder(count * (lines.get(0).length() + 1));
        for (int i = 0; i < count; i++) {
            body.append(lines.get((first + i) % lines.size())).append('\n');
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String line(Instant when) {
        String app = APPS[random.nextInt(APPS.length)];
        String cls = CLASSES[random.nextInt(CLASSES.length)];
        int instance = random.nextInt(1000);
        String head = "{\"id\":\"" + token(ID_LENGTH) + "\",\"app\":\"" + app + "\",\"system\":\"vm-bench-01\",\"module\":\"orders\","
                + "\"type\":\"A\",\"pri\":\"Info\",\"when\":\"" + when + "\",\"who\":\"user-" + random.nextInt(500) + "\","
                + "\"op\":\"" + OPS[random.nextInt(OPS.length)] + "\",\"class\":\"" + cls + "\",\"instance\":\"" + instance + "\","
                + "\"remote_ip\":\"203.0.113." + random.nextInt(255) + "\",\"msg\":\"";
        String tail = "\",\"data\":{\"activity_data\":\"{\\\"items\\\":" + random.nextInt(20) + ",\\\"orderId\\\":" + instance
                + "}\"},\"trace_id\":\"" + token(15) + "\"}";
        int room = size - head.length() - tail.length();
        if (room < 1) {
            throw new IllegalArgumentException("entry size " + size + " is too small for an entry");
        }
        StringBuilder msg = new StringBuilder(room);
        while (msg.length() < room) {
            if (msg.length() > 0) {
                msg.append(' ');
            }
            msg.append(WORDS[random.nextInt(WORDS.length)]);
        }
        msg.setLength(room);
        if (msg.charAt(room - 1) == ' ') {
            msg.setCharAt(room - 1, '.');
        }
        return head + msg + tail;
    }

    /** Length of an entry's id: 27 characters, as the Go library's (KSUID). */
    static final int ID_LENGTH = 27;

    /** The entry with its id replaced by {@code id} ({@value #ID_LENGTH} characters, so the entry keeps its size). */
    static String withId(String line, String id) {
        String head = "{\"id\":\"";
        if (id.length() != ID_LENGTH || !line.startsWith(head) || line.charAt(head.length() + ID_LENGTH) != '"') {
            throw new IllegalArgumentException("an id of " + ID_LENGTH + " characters replaces the id of an entry of this generator");
        }
        return head + id + line.substring(head.length() + ID_LENGTH);
    }

    private String token(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return s.toString();
    }
}
