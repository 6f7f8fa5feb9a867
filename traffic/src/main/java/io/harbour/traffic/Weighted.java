package io.harbour.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A fixed set of values drawn by weight. */
final class Weighted<T> {
    private final List<T> values = new ArrayList<>();
    private final List<Double> cumulative = new ArrayList<>();
    private double total;

    Weighted<T> add(T value, double weight) {
        if (weight < 0 || Double.isNaN(weight)) {
            throw new IllegalArgumentException("a weight must be 0 or more, got " + weight);
        }
        if (weight > 0) {
            total += weight;
            values.add(value);
            cumulative.add(total);
        }
        return this;
    }

    T next(SplittableRandom random) {
        double x = random.nextDouble() * total;
        for (int i = 0; i < values.size(); i++) {
            if (x < cumulative.get(i)) {
                return values.get(i);
            }
        }
        return values.get(values.size() - 1);
    }
}
