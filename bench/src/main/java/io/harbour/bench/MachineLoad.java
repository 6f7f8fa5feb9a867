package io.harbour.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the whole machine was during a phase, and how much of that was not the benchmark:
 * busy CPU time of every process from {@code /proc/stat}, minus the CPU time of this JVM and
 * everything it started (the receiver, the broker, nginx, wrk, ProducerPerformance; children that
 * ended count through {@code cutime}/{@code cstime}). On a shared machine the remainder is other
 * people's work competing for the same two cores, and belongs next to every figure.
 */
final class MachineLoad {
    record Snapshot(long atNanos, double machineBusy, double receiver, double broker, double self, double tree, String loadAverage) {
        Delta minus(Snapshot before) {
            return new Delta((atNanos - before.atNanos) / 1e9, machineBusy - before.machineBusy, receiver - before.receiver,
                    broker - before.broker, self - before.self, tree - before.tree, loadAverage);
        }
    }

    /** CPU seconds in a window: the machine's busy time, ours, and the rest ("other"). */
    record Delta(double seconds, double machineBusy, double receiver, double broker, double self, double tree, String loadAverageAtEnd) {
        double other() {
            return Math.max(0, machineBusy - tree);
        }

        /** The benchmark's other children in the window: wrk, nginx, ProducerPerformance, jstat. */
        double helpers() {
            return Math.max(0, tree - receiver - broker - self);
        }

        String summary() {
            return Report.num(receiver, 1) + " / " + Report.num(broker, 1) + " / " + Report.num(other(), 1)
                    + " (of " + Report.num(seconds * Runtime.getRuntime().availableProcessors(), 0) + " available)";
        }
    }

    private MachineLoad() {
    }

    static Snapshot snapshot(BenchContext ctx) {
        return new Snapshot(System.nanoTime(), machineBusySeconds(), ProcFs.cpuSeconds(ctx.receiver().pid()),
                ProcFs.cpuSeconds(ctx.brokerPid()), ProcFs.cpuSeconds(ProcessHandle.current().pid()),
                treeSeconds(ProcessHandle.current()), loadAverage());
    }

    /** user + nice + system + irq + softirq + steal of all CPUs, in seconds. */
    static double machineBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy / ProcFs.TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU seconds of a process, its waited-for children and all its live descendants. */
    private static double treeSeconds(ProcessHandle root) {
        double total = Math.max(0, ProcFs.cpuSecondsWithChildren(root.pid()));
        for (ProcessHandle p : root.descendants().toList()) {
            total += Math.max(0, ProcFs.cpuSecondsWithChildren(p.pid()));
        }
        return total;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }
}
