package io.harbour.receiver.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The body codings the receiver reads: none, or gzip (what ExtraHop sensors and most shippers
 * send). Inflating stops at a limit, so a few kilobytes of gzip that would inflate to gigabytes
 * cost at most the limit: 413, not an exhausted heap.
 */
enum ContentEncoding {
    IDENTITY,
    GZIP;

    /** The coding named by a {@code Content-Encoding} header; empty for one the receiver cannot read. */
    static Optional<ContentEncoding> parse(String header) {
        if (header == null) {
            return Optional.of(IDENTITY);
        }
        String value = header.trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "", "identity":
                return Optional.of(IDENTITY);
            case "gzip", "x-gzip":
                return Optional.of(GZIP);
            default:
                return Optional.empty();
        }
    }

    /**
     * The body as the sender meant it. Runs off the event loop: inflating is CPU work.
     *
     * @throws HttpRefusal 413 past {@code maxDecompressed}, 400 for a broken gzip stream, 429 when
     *                     the in-flight budget cannot hold the inflated bytes
     */
    byte[] decode(byte[] body, long maxDecompressed, InFlightBudget.Reservation reservation, Duration retryAfter) {
        if (this == IDENTITY) {
            return body;
        }
        BodyBuffer out = new BodyBuffer(-1, maxDecompressed, "decompressed body", reservation, retryAfter);
        byte[] chunk = new byte[64 * 1024];
        // GZIPInputStream reads concatenated members too, as RFC 1952 allows and `cat a.gz b.gz` produces.
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body), chunk.length)) {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                out.append(chunk, 0, n);
            }
        } catch (ZipException | EOFException e) {
            throw new HttpRefusal(HttpResponseStatus.BAD_REQUEST, "invalid_gzip",
                    "the body is not valid gzip: " + e.getMessage());
        } catch (IOException e) {
            throw new HttpRefusal(HttpResponseStatus.BAD_REQUEST, "invalid_gzip",
                    "the body could not be decompressed: " + e.getMessage());
        }
        return out.toArray();
    }
}
