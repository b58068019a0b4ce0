package io.koopcredit.credit;

import io.koopcredit.koopman.KoopmanOperator;
import io.koopcredit.linalg.Vectors;
import io.koopcredit.stats.Statistics;
import java.util.Arrays;

/**
 * How well a block's Koopman operator reproduces the block on real inputs it was not fitted on:
 * the relative error {@code ‖K_i x − f_i(x)‖ / ‖f_i(x)‖} per held-out sample. 0 is a perfect linear
 * model; 1 is no better than predicting zero.
 *
 * @param median the median relative error
 * @param p90 the 90th percentile
 * @param samples samples measured (those with a non-zero block output)
 * @param skipped held-out samples skipped because the block's output was exactly zero
 */
public record Fidelity(double median, double p90, int samples, int skipped) {

    /** Validates the values. */
    public Fidelity {
        if (!(median >= 0) || !(p90 >= 0) || !Double.isFinite(median) || !Double.isFinite(p90) || samples < 1) {
            throw new IllegalArgumentException("fidelity needs finite errors over >= 1 sample, found median "
                    + median + ", p90 " + p90 + ", " + samples + " samples");
        }
    }

    /**
     * @param k the operator (its offset, if any, is applied)
     * @param inputs {@code count * nIn} real held-out block inputs; not modified
     * @param outputs {@code count * nOut} the block's real outputs for them; not modified
     * @param count number of samples
     * @return the fidelity, or null if no sample had a non-zero output or the errors are not finite
     */
    public static Fidelity measure(KoopmanOperator k, double[] inputs, double[] outputs, int count) {
        int nOut = k.nOut();
        double[] predicted = k.apply(inputs, count);
        double[] errors = new double[count];
        int used = 0;
        double[] diff = new double[nOut];
        for (int j = 0; j < count; j++) {
            double truth = Vectors.norm(outputs, j * nOut, (j + 1) * nOut);
            if (truth == 0) {
                continue;
            }
            for (int i = 0; i < nOut; i++) {
                diff[i] = predicted[j * nOut + i] - outputs[j * nOut + i];
            }
            double e = Vectors.norm(diff) / truth;
            if (!Double.isFinite(e)) {
                return null;
            }
            errors[used++] = e;
        }
        if (used == 0) {
            return null;
        }
        double[] measured = Arrays.copyOf(errors, used);
        return new Fidelity(Statistics.median(measured), Statistics.quantile(measured, 0.9), used, count - used);
    }
}
