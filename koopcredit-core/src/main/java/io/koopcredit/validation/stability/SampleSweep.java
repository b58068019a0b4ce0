package io.koopcredit.validation.stability;

import java.util.List;

/**
 * Credits and their ranking across the number of fitting samples N.
 *
 * @param analysisSamples the analysis's N, the reference
 * @param points one per N of the sweep, increasing
 */
public record SampleSweep(int analysisSamples, List<SamplePoint> points) {
    /**
     * Validates and copies.
     *
     * @param analysisSamples the record's {@code analysisSamples}
     * @param points the record's {@code points} (copied; not modified)
     */
    public SampleSweep {
        points = List.copyOf(points);
        if (analysisSamples < 1 || points.isEmpty()) {
            throw new IllegalArgumentException("a sample sweep needs points");
        }
    }
}
