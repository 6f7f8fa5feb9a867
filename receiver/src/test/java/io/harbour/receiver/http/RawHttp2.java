package io.harbour.receiver.http;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/2 written frame by frame over TLS with ALPN {@code h2}, for attacks no well-behaved client
 * library sends: HEADERS then RST_STREAM thousands of times, header blocks that never end, streams
 * past the limit, PINGs never read. Header blocks are HPACK without Huffman or the dynamic table.
 * A reader thread (once {@link #startReading()} is called) records what the server sends: GOAWAY
 * with its last stream id and error code, RST_STREAM codes, response HEADERS, and the close.
 * (Public, and in this module's test jar, for the query API's HTTP/2 tests too.)
 */
public final class RawHttp2 implements AutoCloseable {
    public static final int DATA = 0x0;
    public static final int HEADERS = 0x1;
    public static final int RST_STREAM = 0x3;
    public static final int SETTINGS = 0x4;
    public static final int PING = 0x6;
    public static final int GOAWAY = 0x7;
    public static final int WINDOW_UPDATE = 0x8;
    public static final int CONTINUATION = 0x9;
    public static final int END_STREAM = 0x1;
    public static final int END_HEADERS = 0x4;
    public static final int ACK = 0x1;
    public static final int CANCEL = 0x8;
    public static final int REFUSED_STREAM = 0x7;
    public static final Map<Integer, String> ERRORS = Map.ofEntries(Map.entry(0x0, "NO_ERROR"), Map.entry(0x1, "PROTOCOL_ERROR"),
            Map.entry(0x2, "INTERNAL_ERROR"), Map.entry(0x3, "FLOW_CONTROL_ERROR"), Map.entry(0x4, "SETTINGS_TIMEOUT"),
            Map.entry(0x5, "STREAM_CLOSED"), Map.entry(0x6, "FRAME_SIZE_ERROR"), Map.entry(0x7, "REFUSED_STREAM"),
            Map.entry(0x8, "CANCEL"), Map.entry(0x9, "COMPRESSION_ERROR"), Map.entry(0xa, "CONNECT_ERROR"),
            Map.entry(0xb, "ENHANCE_YOUR_CALM"), Map.entry(0xc, "INADEQUATE_SECURITY"), Map.entry(0xd, "HTTP_1_1_REQUIRED"));

    public final SSLSocket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final CountDownLatch closed = new CountDownLatch(1);
    public final AtomicInteger goAwayError = new AtomicInteger(-1);
    public final AtomicInteger goAwayLastStream = new AtomicInteger(-1);
    public final AtomicInteger responseHeaders = new AtomicInteger();
    public final AtomicInteger pingAcks = new AtomicInteger();
    public final Map<String, AtomicInteger> resetsByCode = new ConcurrentHashMap<>();
    public final AtomicLong bytesRead = new AtomicLong();

    /** Connects, checks that ALPN chose h2, sends the preface and empty SETTINGS, and acknowledges the server's. */
    public RawHttp2(SSLContext tls, String host, int port) throws IOException {
        socket = (SSLSocket) tls.getSocketFactory().createSocket(host, port);
        SSLParameters p = socket.getSSLParameters();
        p.setApplicationProtocols(new String[] {"h2"});
        socket.setSSLParameters(p);
        socket.setSoTimeout(15_000);
        socket.startHandshake();
        if (!"h2".equals(socket.getApplicationProtocol())) {
            throw new IllegalStateException("ALPN chose " + socket.getApplicationProtocol() + ", not h2");
        }
        in = new DataInputStream(socket.getInputStream());
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        frame(SETTINGS, 0, 0, new byte[0]);
        out.flush();
        // The server's SETTINGS come first; acknowledge them before anything else happens.
        while (true) {
            int length = readMedium();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            in.readInt();
            in.skipNBytes(length);
            if (type == SETTINGS && (flags & ACK) == 0) {
                frame(SETTINGS, ACK, 0, new byte[0]);
                out.flush();
                return;
            }
        }
    }

    /** Records the server's frames on a thread of its own until the connection ends. */
    public RawHttp2 startReading() {
        Thread reader = new Thread(this::readLoop, "raw-h2-reader");
        reader.setDaemon(true);
        reader.start();
        return this;
    }

    private void readLoop() {
        try {
            while (true) {
                int length = readMedium();
                int type = in.readUnsignedByte();
                int flags = in.readUnsignedByte();
                in.readInt(); // stream id
                byte[] payload = in.readNBytes(length);
                bytesRead.addAndGet(9 + length);
                switch (type) {
                    case GOAWAY -> {
                        goAwayLastStream.set(((payload[0] & 0x7f) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff));
                        goAwayError.set(((payload[4] & 0xff) << 24) | ((payload[5] & 0xff) << 16) | ((payload[6] & 0xff) << 8) | (payload[7] & 0xff));
                    }
                    case RST_STREAM -> {
                        int code = ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
                        resetsByCode.computeIfAbsent(ERRORS.getOrDefault(code, "0x" + Integer.toHexString(code)), k -> new AtomicInteger())
                                .incrementAndGet();
                    }
                    case HEADERS -> responseHeaders.incrementAndGet();
                    case PING -> {
                        if ((flags & ACK) != 0) {
                            pingAcks.incrementAndGet();
                        }
                    }
                    default -> {
                        // DATA, SETTINGS ACK, WINDOW_UPDATE: nothing to record
                    }
                }
            }
        } catch (EOFException | SocketException e) {
            // the server closed the connection
        } catch (IOException e) {
            // an alert or a reset: closed just the same
        } finally {
            closed.countDown();
        }
    }

    /** Whether the server closed the connection within that time. */
    public boolean awaitClosed(long seconds) throws InterruptedException {
        return closed.await(seconds, TimeUnit.SECONDS);
    }

    public String goAway() {
        int code = goAwayError.get();
        return code < 0 ? null : ERRORS.getOrDefault(code, "0x" + Integer.toHexString(code));
    }

    public int resets(String code) {
        AtomicInteger n = resetsByCode.get(code);
        return n == null ? 0 : n.get();
    }

    private int readMedium() throws IOException {
        return (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
    }

    public void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        out.write(payload.length >>> 16);
        out.write(payload.length >>> 8);
        out.write(payload.length);
        out.write(type);
        out.write(flags);
        out.write(stream >>> 24);
        out.write(stream >>> 16);
        out.write(stream >>> 8);
        out.write(stream);
        out.write(payload);
    }

    public void flush() throws IOException {
        out.flush();
    }

    public void rstStream(int stream, int code) throws IOException {
        frame(RST_STREAM, 0, stream, int32(code));
    }

    public static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /**
     * A request header block: {@code :method}, {@code :scheme https}, {@code :path},
     * {@code :authority}, then {@code extra} name/value pairs (lower case), all literal without
     * indexing so the server's dynamic table never grows.
     */
    public static byte[] requestHeaders(String method, String path, String authority, String... extra) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("GET".equals(method) ? 0x82 : 0x83); // indexed :method GET (2) or POST (3)
        b.write(0x87); // indexed :scheme https (7)
        literalIndexedName(b, 4, path); // :path
        literalIndexedName(b, 1, authority); // :authority
        for (int i = 0; i < extra.length; i += 2) {
            b.write(0x00); // literal without indexing, new name
            string(b, extra[i]);
            string(b, extra[i + 1]);
        }
        return b.toByteArray();
    }

    /** One literal header field without indexing, with a new name: repeated to fill CONTINUATION frames. */
    public static byte[] literalHeader(String name, String value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x00);
        string(b, name);
        string(b, value);
        return b.toByteArray();
    }

    private static void literalIndexedName(ByteArrayOutputStream b, int nameIndex, String value) {
        integer(b, 0x00, 4, nameIndex);
        string(b, value);
    }

    private static void string(ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        integer(b, 0x00, 7, bytes.length);
        b.writeBytes(bytes);
    }

    /** RFC 7541 5.1: an integer with an N-bit prefix, the first byte's high bits {@code first}. */
    private static void integer(ByteArrayOutputStream b, int first, int prefixBits, int value) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            b.write(first | value);
            return;
        }
        b.write(first | max);
        value -= max;
        while (value >= 128) {
            b.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        b.write(value);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
