package io.harbour.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a Harbour service started as a process to answer {@code 200} on its {@code /readyz},
 * checking between two asks that the process still runs, so that a service that died while
 * starting fails the wait at once instead of at the deadline. Shared by the benchmarks' and the
 * fault suite's launchers.
 */
public final class ReadinessProbe {
    private static final Duration BETWEEN_ASKS = Duration.ofMillis(250);

    /** Checked before each ask; throws, saying why, when the process is gone. */
    @FunctionalInterface
    public interface Liveness {
        void check() throws IOException;
    }

    private ReadinessProbe() {
    }

    /**
     * Returns once {@code readyz} answers 200 through {@code http} (which must trust the service's
     * certificate for an HTTPS URL).
     *
     * @throws TimeoutException when it has not within {@code within}; the message gives the last
     *                          answer or connection failure
     */
    public static void await(HttpClient http, URI readyz, Duration within, Liveness alive)
            throws IOException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + within.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            alive.check();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(readyz).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException notListeningYet) {
                last = notListeningYet.toString();
            }
            Thread.sleep(BETWEEN_ASKS.toMillis());
        }
        throw new TimeoutException("not ready at " + readyz + " within " + within + " (last: " + last + ")");
    }
}
