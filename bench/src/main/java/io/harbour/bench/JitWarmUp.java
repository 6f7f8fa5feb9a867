package io.harbour.bench;

import java.util.List;

/**
 * A warm-up that ends when the server's JIT has gone quiet rather than after a fixed amount of
 * load. On these two cores, shared by the server, the broker and the load generator, HotSpot's C2
 * compiler thread gets little CPU, so compiling the hot paths drags on: measured with
 * {@code perf record -p RECEIVER}, the C2 thread still took 21 % of the receiver's CPU in the
 * measured window after 4 million warm-up entries, and 27 % after 750,000. That CPU is the cost of
 * starting a JVM, not of serving, and was billed to the measured run. So warm-up runs in rounds
 * until the JIT compiler threads used less than a given share of the server's CPU in one round.
 */
final class JitWarmUp {
    /** HotSpot's compiler threads, as {@code /proc} names them ("C2 CompilerThread0" cut to 15 characters). */
    private static final List<String> COMPILER_THREADS = List.of("C1 CompilerThre", "C2 CompilerThre");

    /** One round of warm-up load; returns what it did, for the report. */
    interface Round {
        String run() throws Exception;
    }

    /** How the warm-up ended: rounds run, the JIT's share of the server's CPU in the last round, and that round. */
    record Result(int rounds, double lastJitShare, boolean quiet, String lastRound) {
        String describe(double quietShare) {
            return rounds + " round(s) until the JIT compiler threads used " + Report.num(lastJitShare * 100, 1)
                    + " % of the server's CPU in a round (" + (quiet ? "under " : "**still over** ") + Report.num(quietShare * 100, 0)
                    + " %" + (quiet ? "" : " after the last round allowed") + "); last round: " + lastRound;
        }
    }

    private JitWarmUp() {
    }

    /** Compiler threads' CPU seconds of a JVM so far; -1 once it is gone. */
    static double compilerCpuSeconds(long pid) {
        return ProcFs.threadCpuSeconds(pid, COMPILER_THREADS);
    }

    /**
     * Runs rounds until one in which the JIT's share of the server's CPU is below {@code quietShare},
     * at most {@code maxRounds}.
     */
    static Result untilQuiet(long serverPid, double quietShare, int maxRounds, Round round) throws Exception {
        Result result = null;
        for (int n = 1; n <= maxRounds; n++) {
            double cpuBefore = ProcFs.cpuSeconds(serverPid);
            double jitBefore = compilerCpuSeconds(serverPid);
            String did = round.run();
            double cpu = ProcFs.cpuSeconds(serverPid) - cpuBefore;
            double jit = compilerCpuSeconds(serverPid) - jitBefore;
            double share = cpu > 0 ? jit / cpu : 0;
            result = new Result(n, share, share < quietShare, did);
            if (result.quiet()) {
                break;
            }
        }
        return result;
    }
}
