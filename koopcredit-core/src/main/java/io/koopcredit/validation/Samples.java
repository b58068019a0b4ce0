package io.koopcredit.validation;

import io.koopcredit.credit.AnalysisData;
import java.util.Arrays;

/** Small helpers on sample arrays stored sample after sample. */
final class Samples {
    private Samples() {
    }

    /**
     * The same data with only the first fitting samples: the analysis with N samples sees exactly what
     * {@code koopcredit credit --samples N} sees, since the data takes the first N training samples.
     *
     * @param data the data; not modified
     * @param fitCount fitting samples to keep, 1..data.fitCount()
     * @return the data with the first {@code fitCount} fitting samples (held-out samples shared)
     */
    static AnalysisData prefix(AnalysisData data, int fitCount) {
        if (fitCount == data.fitCount()) {
            return data;
        }
        if (fitCount < 1 || fitCount > data.fitCount()) {
            throw new IllegalArgumentException("cannot take " + fitCount + " of " + data.fitCount() + " fitting samples");
        }
        float[] fit = Arrays.copyOf(data.fit(), fitCount * data.sampleSize());
        return new AnalysisData(data.description() + " (first " + fitCount + " fitting samples)", fit, fitCount,
                data.holdout(), data.holdoutCount(), data.holdoutLabels());
    }

    /**
     * @param values {@code count * width} values; not modified
     * @param width values per sample
     * @param count samples
     * @return the mean sample
     */
    static double[] meanSample(double[] values, int width, int count) {
        double[] mean = new double[width];
        for (int j = 0; j < count; j++) {
            for (int i = 0; i < width; i++) {
                mean[i] += values[j * width + i];
            }
        }
        for (int i = 0; i < width; i++) {
            mean[i] /= count;
        }
        return mean;
    }

    /**
     * @param sample one sample; not modified
     * @param count copies
     * @return the sample repeated {@code count} times
     */
    static double[] repeat(double[] sample, int count) {
        double[] out = new double[sample.length * count];
        for (int j = 0; j < count; j++) {
            System.arraycopy(sample, 0, out, j * sample.length, sample.length);
        }
        return out;
    }
}
