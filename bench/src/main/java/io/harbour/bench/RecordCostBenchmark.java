package io.harbour.bench;

import io.harbour.model.BatchReader;
import io.harbour.model.LogKind;
import io.harbour.model.logharbour.LogEntryFormat;
import io.harbour.receiver.IngestRecord;
import io.harbour.receiver.kafka.KafkaIngestPublisher;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

/**
 * Phase records: what one record costs inside Kafka's own producer code, and what the receiver's
 * own reading of an entry costs, on one thread, with no server and no socket. Why: benchmark (a)
 * compares the receiver with ProducerPerformance, whose records carry a value only; the receiver's
 * carry a key and the six headers of the record contract too. This phase builds record batches as
 * the producer's accumulator does ({@link MemoryRecords#builder}, the same compression) for each
 * shape side by side, in batches of 50, 200 (about what group commit makes in benchmark (a): the
 * producer's metrics said 1,100 records a request over 6 partitions) and 1000 records, so the price
 * of each part is measured, not guessed.
 */
final class RecordCostBenchmark {
    private static final int ROUNDS = 12;
    private static final int RECORDS_PER_ROUND = 200_000;
    private static final Header[] NO_HEADERS = new Header[0];

    private final BenchOptions options;
    private final Report report;

    RecordCostBenchmark(BenchOptions options, Report report) {
        this.options = options;
        this.report = report;
    }

    private record Shape(String name, boolean key, boolean headers, Compression compression, int batchRecords) {
    }

    void run() {
        List<String> lines = new LogHarbourEntries(options.entryBytes(), 20261123L).lines(2000);
        byte[][] values = new byte[lines.size()][];
        byte[][] keys = new byte[lines.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = lines.get(i).getBytes(StandardCharsets.UTF_8);
            keys[i] = ("bench|OnlineStore|Order|" + i % 1000).getBytes(StandardCharsets.UTF_8);
        }
        // The receiver's own headers, as it writes them for a request of realm bench.
        Header[] headers = KafkaIngestPublisher.headers(new IngestRecord(LogKind.LOGHARBOUR, keys[0], values[0], "bench",
                "key:hk_0123456789ab", "127.0.0.1", 1_795_484_691_552_123_456L, "01KAXYZ0123456789ABCDEFGHJ")).toArray();
        List<Shape> shapes = new ArrayList<>();
        for (int batch : new int[] {50, 200, 1000}) {
            shapes.add(new Shape("value only (as ProducerPerformance), lz4", false, false, Compression.lz4().build(), batch));
            shapes.add(new Shape("key + value, lz4", true, false, Compression.lz4().build(), batch));
            shapes.add(new Shape("key + value + the six headers (as the receiver), lz4", true, true, Compression.lz4().build(), batch));
            shapes.add(new Shape("key + value + the six headers, no compression", true, true, Compression.NONE, batch));
            shapes.add(new Shape("value only, no compression", false, false, Compression.NONE, batch));
        }
        byte[] body = LogHarbourEntries.ndjson(lines, 0, 500);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[][] nanos = new double[shapes.size() + 1][ROUNDS];
        long[] bytes = new long[shapes.size()];
        ByteBuffer buffer = ByteBuffer.allocate(16 << 20);
        for (int round = 0; round < ROUNDS; round++) {
            // Interleaved, so that the machine's changing speed falls on every shape alike.
            for (int s = 0; s < shapes.size(); s++) {
                Shape shape = shapes.get(s);
                long started = threads.getCurrentThreadCpuTime();
                long written = 0;
                for (int done = 0; done < RECORDS_PER_ROUND; done += shape.batchRecords()) {
                    buffer.clear();
                    MemoryRecordsBuilder builder = MemoryRecords.builder(buffer, RecordBatch.CURRENT_MAGIC_VALUE,
                            shape.compression(), TimestampType.CREATE_TIME, 0L);
                    for (int i = 0; i < shape.batchRecords(); i++) {
                        int k = (done + i) % values.length;
                        builder.append(0L, shape.key() ? keys[k] : null, values[k], shape.headers() ? headers : NO_HEADERS);
                    }
                    written += builder.build().sizeInBytes();
                }
                nanos[s][round] = (threads.getCurrentThreadCpuTime() - started) / (double) RECORDS_PER_ROUND;
                bytes[s] = written / RECORDS_PER_ROUND;
            }
            long started = threads.getCurrentThreadCpuTime();
            int entries = 0;
            while (entries < RECORDS_PER_ROUND) {
                entries += BatchReader.standard().read(body, LogEntryFormat.keyScanner()).items().size();
            }
            nanos[shapes.size()][round] = (threads.getCurrentThreadCpuTime() - started) / (double) entries;
        }
        report.line("");
        report.line("## What a record costs in Kafka's producer code, and an entry in the receiver's reading (phase records)");
        report.line("");
        report.line("One thread, CPU time (`ThreadMXBean`), " + ROUNDS + " interleaved rounds of " + RECORDS_PER_ROUND
                + " records per shape; the median of the last " + (ROUNDS / 2) + " rounds (the first are JIT warm-up). "
                + "Records are the 2000 " + options.entryBytes() + "-byte LogHarbour entries of phase a, appended with "
                + "`MemoryRecords.builder(...).append` as the producer's accumulator appends them.");
        List<List<String>> rows = new ArrayList<>();
        for (int s = 0; s < shapes.size(); s++) {
            Shape shape = shapes.get(s);
            rows.add(List.of(shape.name(), Integer.toString(shape.batchRecords()), Report.num(median(nanos[s]), 0),
                    Long.toString(bytes[s])));
        }
        rows.add(List.of("the receiver's reading of an entry: `BatchReader` with the key scanner, NDJSON of 500", "-",
                Report.num(median(nanos[shapes.size()]), 0), "-"));
        report.table(List.of("shape", "records per batch", "ns per record", "bytes per record in the batch"), rows);
    }

    private static double median(double[] rounds) {
        double[] late = Arrays.copyOfRange(rounds, rounds.length / 2, rounds.length);
        Arrays.sort(late);
        return late[late.length / 2];
    }
}
