package io.harbour.receiver.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLSocket;

/**
 * The hostile-input corpus ({@code src/test/resources/hostile/cases.ndjson}, written by
 * {@code make-cases.py} there) and the mechanics of sending it, for every test that throws it at a
 * receiver: {@code HostileInputIT} here (each case's answer against an in-process receiver) and
 * the fault suite's {@code HostileRssIT} (a receiver process's memory under the same cases), which
 * reads it from this module's test jar. Each case becomes raw HTTP/1.1 bytes, so framing attacks
 * reach the server as written; big bodies, gzip bombs, deep nesting, header floods and slow senders
 * are generated at run time. The slow-sender cases assume a 1 s header and a 2 s body timeout.
 */
public final class HostileCorpus {
    /** The corpus, as a class-path resource of this module's tests (and so of its test jar). */
    public static final String RESOURCE = "/hostile/cases.ndjson";
    private static final Pattern STATUS = Pattern.compile("HTTP/\\d\\.\\d (\\d{3}) ");

    private HostileCorpus() {
    }

    /**
     * The real keys that stand in for the corpus's placeholders {@code hostile} (a key the receiver
     * takes) and {@code blocked} (a key it refuses with 403), in header values and in raw requests.
     */
    public record Keys(String hostile, String blocked) {
        /** The placeholders themselves, for a receiver whose authentication knows them as they are. */
        public static final Keys PLACEHOLDERS = new Keys("hostile", "blocked");

        /** A header value with the placeholder keys replaced. */
        public String header(String value) {
            return value.replace("apikey=hostile", "apikey=" + hostile).replace("apikey=blocked", "apikey=" + blocked)
                    .replaceAll("^(Bearer )?hostile$", "$1" + hostile).replaceAll("^(Bearer )?blocked$", "$1" + blocked);
        }

        /** A raw case's request text with its {@code X-Harbour-Key: hostile} header's key replaced. */
        public String raw(String text) {
            return text.replace("X-Harbour-Key: hostile", "X-Harbour-Key: " + hostile);
        }
    }

    /** What came back on one connection: every status line's status, and the start of the text. */
    public record Answer(List<Integer> statuses, String text) {
        /** The first JSON object after the head, or {@code {}} when there is none. */
        public String body() {
            int at = text.indexOf("\r\n\r\n");
            String rest = at < 0 ? "" : text.substring(at + 4);
            int brace = rest.indexOf('{');
            return brace < 0 ? "{}" : rest.substring(brace, rest.lastIndexOf('}') + 1);
        }
    }

    /** Every case of the corpus, in its order. */
    public static List<JsonNode> cases() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        try (InputStream in = HostileCorpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is not on the class path");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    all.add(Json.mapper().readTree(line));
                }
            }
        }
        return all;
    }

    /** The case's generator kind ({@code big}, {@code gzip_bomb}, {@code slow_body}, ...), or "". */
    public static String kind(JsonNode c) {
        return c.path("generator").path("kind").asText("");
    }

    /**
     * The case's body, generated where the case says how (a 512 MiB gzip bomb takes seconds of CPU):
     * make it before connecting, so that generating it never counts against the header timeout.
     * Null for raw cases and {@code big} ones, whose bytes {@link #write} streams itself.
     */
    public static byte[] body(JsonNode c) {
        JsonNode g = c.path("generator");
        String kind = kind(c);
        if (c.has("raw") || kind.equals("big")) {
            return null;
        }
        return switch (kind) {
            case "deep" -> (g.path("prefix").asText("") + g.get("open").asText().repeat(g.get("depth").asInt()) + g.path("inner").asText("")
                    + g.get("close").asText().repeat(g.get("depth").asInt()) + g.path("suffix").asText("")).getBytes(StandardCharsets.UTF_8);
            case "gzip" -> {
                byte[] gz = gzip(g.get("text").asText().getBytes(StandardCharsets.UTF_8), 0);
                int cut = g.path("truncate").asInt(0);
                yield cut > 0 ? Arrays.copyOf(gz, cut) : gz;
            }
            case "gzip_bomb" -> gzip(null, g.get("bytes").asLong());
            case "big_item" -> ("{\"app\":\"a\",\"when\":\"2026-11-23T05:56:38Z\",\"msg\":\"" + "m".repeat(g.get("bytes").asInt()) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            case "slow_body" -> "{\"app\":\"slow\",\"when\":\"2026-11-23T05:56:38Z\"}".getBytes(StandardCharsets.UTF_8);
            default -> c.has("body_hex") ? HexFormat.of().parseHex(c.get("body_hex").asText())
                    : c.path("body").asText("").getBytes(StandardCharsets.UTF_8);
        };
    }

    /**
     * Sends one case on a connected socket (whose read timeout the caller has set) and reads the
     * answer: the handshake, the request with {@code body} from {@link #body} (an
     * {@code IOException} while writing is passed over: the server may answer and close before a
     * hostile body is all sent), then all that comes back until the server closes, of which the
     * first {@code keepChars} characters are kept.
     */
    public static Answer exchange(SSLSocket socket, JsonNode c, byte[] body, Keys keys, int keepChars) throws Exception {
        socket.startHandshake();
        OutputStream out = socket.getOutputStream();
        try {
            write(c, out, body, keys);
        } catch (IOException e) {
            // the server may answer and close before a hostile body is all sent; read what it said
        }
        return read(socket, keepChars);
    }

    /** The case's request bytes, with {@code body} from {@link #body}; slow cases sleep past their timeout. */
    public static void write(JsonNode c, OutputStream out, byte[] body, Keys keys) throws Exception {
        if (c.has("raw")) {
            out.write(keys.raw(c.get("raw").asText()).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return;
        }
        JsonNode g = c.path("generator");
        String kind = kind(c);
        StringBuilder head = new StringBuilder();
        head.append(c.path("method").asText("POST")).append(' ').append(c.get("path").asText()).append(" HTTP/1.1\r\n");
        head.append("Host: 127.0.0.1\r\nConnection: close\r\n");
        for (JsonNode h : c.path("headers")) {
            head.append(h.get(0).asText()).append(": ").append(keys.header(h.get(1).asText())).append("\r\n");
        }
        if (kind.equals("header_flood")) {
            for (int i = 0; i < g.get("count").asInt(); i++) {
                head.append("X-Flood-").append(i).append(": ").append("v".repeat(16)).append("\r\n");
            }
        }
        if (kind.equals("slow_headers")) {
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(1_500); // past the 1 s header timeout, the blank line never sent
            return;
        }
        if (kind.equals("big")) {
            long total = g.get("bytes").asLong();
            boolean chunked = g.path("chunked").asBoolean(false);
            head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + total + "\r\n").append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            byte[] start = "[{\"app\":\"big\",\"when\":\"2026-11-23T05:56:38Z\",\"msg\":\"".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(start, 0, chunk, 0, start.length);
            for (long sent = 0; sent < total; ) {
                int n = (int) Math.min(chunk.length, total - sent);
                if (chunked) {
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(chunk, 0, n);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                sent += n;
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            return;
        }
        if (!c.path("framing").asText("").equals("none")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (kind.equals("slow_body")) {
            out.write(body, 0, body.length / 2);
            out.flush();
            Thread.sleep(2_500); // past the 2 s body timeout
            return;
        }
        out.write(body);
        out.flush();
    }

    /** {@code text} gzipped, or {@code zeros} zero bytes gzipped (a bomb: about 1 KiB per MiB). */
    public static byte[] gzip(byte[] text, long zeros) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 64 * 1024)) {
            if (text != null) {
                gz.write(text);
            } else {
                byte[] block = new byte[1 << 20];
                for (long i = 0; i < zeros; i += block.length) {
                    gz.write(block);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * All the socket gives until the server closes (a reset after the answer keeps what arrived),
     * its first {@code keepChars} characters kept; no answer within the socket's read timeout fails.
     */
    public static Answer read(Socket socket, int keepChars) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                all.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + socket.getSoTimeout() / 1000 + " s; so far: "
                    + all.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            // reset after the answer: keep what arrived
        }
        String text = all.toString(StandardCharsets.ISO_8859_1);
        List<Integer> statuses = new ArrayList<>();
        Matcher m = STATUS.matcher(text);
        while (m.find()) {
            statuses.add(Integer.parseInt(m.group(1)));
        }
        return new Answer(statuses, text.length() > keepChars ? text.substring(0, keepChars) : text);
    }
}
