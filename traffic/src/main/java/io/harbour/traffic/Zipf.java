package io.harbour.traffic;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Ranks {@code 0..n-1} drawn with probability proportional to {@code 1 / (rank + 1)^s}: a few
 * items take most of the draws and a long tail appears once or twice, as users, objects and apps
 * do in real logs. The cumulative table costs {@code 8n} bytes; a draw is a binary search.
 */
final class Zipf {
    private final double[] cumulative;

    Zipf(int n, double exponent) {
        if (n < 1) {
            throw new IllegalArgumentException("a Zipf distribution needs at least one item, got " + n);
        }
        cumulative = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1 / Math.pow(k + 1, exponent);
            cumulative[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cumulative[k] /= sum;
        }
        cumulative[n - 1] = 1.0;
    }

    int size() {
        return cumulative.length;
    }

    int next(SplittableRandom random) {
        int at = Arrays.binarySearch(cumulative, random.nextDouble());
        return at >= 0 ? at : Math.min(-at - 1, cumulative.length - 1);
    }
}
