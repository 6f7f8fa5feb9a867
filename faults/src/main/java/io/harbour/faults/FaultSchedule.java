package io.harbour.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Faults in order, each set off when the load has had a given share of its logs acknowledged
 * (not at a fixed time: the suite must hit the pipeline mid-stream on a fast machine and on a
 * slow one alike). Each fault runs to its end (a broker stopped for 20 s is started again) before
 * the next is considered.
 */
public final class FaultSchedule {
    /** A fault to inject once {@code share} of the logs are acknowledged. */
    public record Step(double share, String name, Action action) {
    }

    /** What happened and when, in seconds since the load began. */
    public record Done(String name, double atSeconds, double tookSeconds) {
    }

    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private final List<Step> steps = new ArrayList<>();

    public FaultSchedule at(double share, String name, Action action) {
        steps.add(new Step(share, name, action));
        return this;
    }

    /**
     * Runs every step when its share is reached, or at once when the load has ended before it
     * (a fault is never skipped, so the report always lists all of them).
     *
     * @param acknowledged logs acknowledged so far
     * @param total        logs to be sent
     * @param loadEnded    whether the load has finished
     * @param began        System.nanoTime() when the load began
     */
    public List<Done> run(LongSupplier acknowledged, long total, java.util.function.BooleanSupplier loadEnded, long began) throws Exception {
        List<Done> done = new ArrayList<>();
        for (Step step : steps) {
            while (acknowledged.getAsLong() < step.share() * total && !loadEnded.getAsBoolean()) {
                Thread.sleep(50);
            }
            long at = System.nanoTime();
            System.out.printf("fault suite: %s (%,d of %,d acknowledged)%n", step.name(), acknowledged.getAsLong(), total);
            step.action().run();
            done.add(new Done(step.name(), (at - began) / 1e9, (System.nanoTime() - at) / 1e9));
        }
        return done;
    }
}
