package io.harbour.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Asks a running JVM for its flags once ({@code jcmd PID VM.flags}), for the heap bound in force. */
final class JvmFlags {
    private static final Pattern MAX_HEAP = Pattern.compile("-XX:MaxHeapSize=(\\d+)");
    private static final Pattern GC = Pattern.compile("-XX:\\+Use(\\w+)GC");

    private JvmFlags() {
    }

    static String maxHeap(long pid) {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "VM.flags").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            Matcher heap = MAX_HEAP.matcher(out);
            Matcher gc = GC.matcher(out);
            return (heap.find() ? "max heap " + Report.num(Long.parseLong(heap.group(1)) / (1024.0 * 1024), 0) + " MiB"
                    : "max heap unknown") + (gc.find() ? ", " + gc.group(1) + " GC" : "");
        } catch (IOException e) {
            return "max heap unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "max heap unknown";
        }
    }
}
