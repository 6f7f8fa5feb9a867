package io.harbour.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What Linux's {@code /proc} says about a process: CPU time and resident memory. */
final class ProcFs {
    /** USER_HZ: the unit of utime and stime in {@code /proc/PID/stat}; 100 on every Linux build that matters. */
    static final double TICKS_PER_SECOND = 100.0;

    private ProcFs() {
    }

    /** User plus system CPU seconds the process has used so far; -1 once it is gone. */
    static double cpuSeconds(long pid) {
        return stat(pid, false);
    }

    /** Like {@link #cpuSeconds(long)} plus the CPU of its children that ended and were waited for. */
    static double cpuSecondsWithChildren(long pid) {
        return stat(pid, true);
    }

    private static double stat(long pid, boolean withChildren) {
        try {
            String[] f = fieldsAfterName(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII));
            long children = withChildren ? Long.parseLong(f[13]) + Long.parseLong(f[14]) : 0;
            return (Long.parseLong(f[11]) + Long.parseLong(f[12]) + children) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    /**
     * CPU seconds used so far by the process's threads whose name starts with one of the prefixes
     * (the name as {@code /proc/PID/task/TID/comm} gives it, cut to 15 characters); -1 once it is gone.
     */
    static double threadCpuSeconds(long pid, List<String> namePrefixes) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        double total = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) threads::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (namePrefixes.stream().anyMatch(name::startsWith)) {
                        String[] f = fieldsAfterName(stat);
                        total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
                    }
                } catch (IOException | RuntimeException threadEnded) {
                    // A thread that ended between the listing and the read: its time is no longer counted anywhere.
                }
            }
            return total;
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    /**
     * The fields of a {@code stat} line after the command name (which may hold spaces and
     * parentheses), from field 3 (state): utime is [11], stime [12], the waited-for children's [13], [14].
     */
    private static String[] fieldsAfterName(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** {@code VmRSS} in KiB, -1 once the process is gone. */
    static long rssKib(long pid) {
        return statusKib(pid, "VmRSS:");
    }

    /** {@code VmHWM}: the peak resident set since start or since {@link #resetPeakRss(long)}, in KiB. */
    static long peakRssKib(long pid) {
        return statusKib(pid, "VmHWM:");
    }

    /** Writing 5 to {@code clear_refs} resets VmHWM to the current RSS (Linux 4.0+); false if refused. */
    static boolean resetPeakRss(long pid) {
        try {
            Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static long statusKib(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
                }
            }
            return -1;
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }
}
