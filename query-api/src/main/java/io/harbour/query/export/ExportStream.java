package io.harbour.query.export;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.Times;
import io.harbour.query.http.BodyStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The body of an export: the kinds' sorted streams merged into one (received, doc_id, kind)
 * order, sampled, counted, and cut at the size limit. Each call of {@link #writeNext} looks at
 * no more than a page of documents, so a part is about a page of lines; with the streams' own
 * pages the export holds at most one page per kind, whatever the window holds.
 *
 * <p>The size limit counts uncompressed line bytes. When the next line would pass it, the
 * stream ends with a cut line instead, which has no {@code kind} and says where to resume:
 * {@code {"cut":{"reason":"max_bytes","max_bytes":..,"lines":..,"bytes":..,"resume":{"start":..,"end":..,"cursor":..}}}}.
 * Calling again with that start, end and cursor gives exactly the lines that did not come. A
 * single line larger than the limit is still sent whole when it is the first of its answer
 * (a line is never split, and a cut with no progress would resume forever).
 */
final class ExportStream implements BodyStream {
    private final List<SortedHits> streams;
    private final LineFormat format;
    private final Sampler sample;
    private final long count;
    private final long maxBytes;
    private final int pageSize;
    private final long startNanos;
    private final long endNanos;
    private final ExportMetrics metrics;
    private final Map<ExportKind, ExportCursor.Position> positions = new EnumMap<>(ExportKind.class);
    private long lines;
    private long bytes;
    private boolean done;

    /**
     * @param resumedFrom the cursor this call started at: kinds it names keep their position in a new cut line
     * @param maxBytes    Long.MAX_VALUE for no limit (id lookups)
     */
    ExportStream(List<? extends SortedHits> streams, LineFormat format, Sampler sample, long count, long maxBytes,
                 int pageSize, long startNanos, long endNanos, ExportCursor resumedFrom, ExportMetrics metrics) {
        this.streams = List.copyOf(streams);
        this.format = format;
        this.sample = sample;
        this.count = count;
        this.maxBytes = maxBytes;
        this.pageSize = pageSize;
        this.startNanos = startNanos;
        this.endNanos = endNanos;
        this.metrics = metrics;
        positions.putAll(resumedFrom.positions());
    }

    @Override
    public boolean writeNext(OutputStream out) throws IOException {
        if (done) {
            return false;
        }
        for (int looked = 0; looked < pageSize; looked++) {
            SortedHits next = lowest();
            if (next == null) {
                return finish();
            }
            Hit hit = next.peek();
            if (sample != null && !sample.keeps(hit.docId())) {
                next.poll();
                positions.put(hit.kind(), new ExportCursor.Position(hit.receivedNanos(), hit.docId()));
                continue;
            }
            byte[] line = format.bytes(hit.kind(), hit.source());
            if (bytes + line.length > maxBytes && lines > 0) {
                out.write(cutLine());
                return finish();
            }
            next.poll();
            out.write(line);
            lines++;
            bytes += line.length;
            positions.put(hit.kind(), new ExportCursor.Position(hit.receivedNanos(), hit.docId()));
            if (lines >= count) {
                return finish();
            }
        }
        return true;
    }

    /** The stream whose head comes first; null when every stream is at its end. */
    private SortedHits lowest() throws IOException {
        SortedHits best = null;
        Hit bestHit = null;
        int held = 0;
        for (SortedHits s : streams) {
            Hit h = s.peek();
            held += s.held();
            if (h != null && (bestHit == null || Hit.compare(h, bestHit) < 0)) {
                best = s;
                bestHit = h;
            }
        }
        metrics.held(held);
        return best;
    }

    private byte[] cutLine() {
        ObjectNode cut = JsonNodeFactory.instance.objectNode();
        ObjectNode about = cut.putObject("cut");
        about.put("reason", "max_bytes");
        about.put("max_bytes", maxBytes);
        about.put("lines", lines);
        about.put("bytes", bytes);
        ObjectNode resume = about.putObject("resume");
        resume.put("start", startNanos);
        resume.put("end", endNanos);
        resume.put("cursor", ExportCursor.of(positions).encode());
        about.put("message", "the answer reached export.max_bytes; ask again with start=" + startNanos + "&end=" + endNanos
                + "&cursor=<resume.cursor> (window " + Times.format(startNanos) + " to " + Times.format(endNanos) + ") for the rest");
        metrics.cut();
        return LineFormat.serialize(cut);
    }

    private boolean finish() {
        done = true;
        metrics.exported(lines, bytes);
        return false;
    }

    @Override
    public void close() {
        closeAll(streams);
    }

    /** Closes the streams' points in time; also for streams opened before a failure left no ExportStream. */
    static void closeAll(List<? extends SortedHits> streams) {
        streams.forEach(SortedHits::close);
    }
}
