package io.harbour.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Samples one process's memory for the whole run: its resident set from {@code /proc/PID/status}
 * every {@link #RSS_INTERVAL_MS} ms, and its Java heap through one {@code jstat -gc PID 250}
 * child (a single JVM, not a {@code jcmd} per sample, which would cost the machine more CPU than
 * it measures). Each phase of the benchmark then asks for the peaks inside its own time window.
 */
final class MemorySampler implements AutoCloseable {
    static final int RSS_INTERVAL_MS = 100;
    static final int JSTAT_INTERVAL_MS = 250;
    /** Bounds the sampler in time too, whatever happens to the run. */
    private static final long MAX_SAMPLES = 30L * 60 * 1000 / RSS_INTERVAL_MS;

    record Sample(long atMillis, long kib) {
    }

    /** Peaks in a window; -1 where nothing was sampled. */
    record Peaks(long rssKib, long heapUsedKib, long heapCommittedKib, int rssSamples, int heapSamples) {
    }

    private final long pid;
    private final List<Sample> rss = new ArrayList<>();
    private final List<Sample> heapUsed = new ArrayList<>();
    private final List<Sample> heapCommitted = new ArrayList<>();
    private final Thread rssThread;
    private final Thread jstatThread;
    private final ChildProcesses.Child jstat;
    private volatile boolean stopped;

    MemorySampler(ChildProcesses children, long pid) {
        this.pid = pid;
        Path javaBin = Path.of(System.getProperty("java.home"), "bin");
        this.jstat = children.start("jstat", new ProcessBuilder(javaBin.resolve("jstat").toString(), "-gc",
                Long.toString(pid), Integer.toString(JSTAT_INTERVAL_MS)).redirectErrorStream(true));
        this.rssThread = new Thread(this::sampleRss, "bench-rss-sampler");
        this.jstatThread = new Thread(this::readJstat, "bench-jstat-reader");
        rssThread.setDaemon(true);
        jstatThread.setDaemon(true);
        rssThread.start();
        jstatThread.start();
    }

    ChildProcesses.Child jstat() {
        return jstat;
    }

    private void sampleRss() {
        for (long i = 0; i < MAX_SAMPLES && !stopped; i++) {
            long kib = ProcFs.rssKib(pid);
            if (kib < 0) {
                return;
            }
            add(rss, kib);
            try {
                Thread.sleep(RSS_INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void readJstat() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(jstat.process().getInputStream(), StandardCharsets.US_ASCII))) {
            List<String> header = null;
            String line;
            while ((line = in.readLine()) != null && !stopped) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 0 && f[0].equals("S0C")) {
                    header = Arrays.asList(f);
                    continue;
                }
                if (header == null || f.length != header.size()) {
                    continue;
                }
                double used = 0;
                double committed = 0;
                for (String c : List.of("S0U", "S1U", "EU", "OU")) {
                    used += number(f[header.indexOf(c)]);
                }
                for (String c : List.of("S0C", "S1C", "EC", "OC")) {
                    committed += number(f[header.indexOf(c)]);
                }
                add(heapUsed, (long) used);
                add(heapCommitted, (long) committed);
            }
        } catch (IOException | RuntimeException e) {
            // jstat stopped: the samples so far stand
        }
    }

    private static double number(String s) {
        return s.equals("-") ? 0 : Double.parseDouble(s);
    }

    private synchronized void add(List<Sample> list, long kib) {
        list.add(new Sample(System.currentTimeMillis(), kib));
    }

    synchronized Peaks peaks(long fromMillis, long toMillis) {
        return new Peaks(max(rss, fromMillis, toMillis), max(heapUsed, fromMillis, toMillis),
                max(heapCommitted, fromMillis, toMillis), count(rss, fromMillis, toMillis), count(heapUsed, fromMillis, toMillis));
    }

    private static long max(List<Sample> list, long from, long to) {
        return list.stream().filter(s -> s.atMillis() >= from && s.atMillis() <= to).mapToLong(Sample::kib).max().orElse(-1);
    }

    private static int count(List<Sample> list, long from, long to) {
        return (int) list.stream().filter(s -> s.atMillis() >= from && s.atMillis() <= to).count();
    }

    @Override
    public void close() {
        stopped = true;
        rssThread.interrupt();
        jstat.process().destroy();
    }
}
