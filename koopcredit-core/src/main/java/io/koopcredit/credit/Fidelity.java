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
        double[] errors = new double[count];
        int used = errors(k, inputs, outputs, count, errors, 0);
        return used < 0 ? null : of(errors, used, count);
    }

    /**
     * The same, reading the samples from stores {@code chunk} at a time (so that the held-out activations of
     * a wide block need not be in RAM at once).
     *
     * @param k the operator
     * @param inputs the held-out block inputs, a column per sample; not modified
     * @param outputs the block's real outputs for them; not modified
     * @param chunk samples per chunk, at least 1
     * @return the fidelity, or null as {@link #measure(KoopmanOperator, double[], double[], int)}
     */
    public static Fidelity measure(KoopmanOperator k, io.koopcredit.store.ColumnStore inputs,
                                   io.koopcredit.store.ColumnStore outputs, int chunk) {
        int count = inputs.cols();
        double[] errors = new double[count];
        int used = 0;
        for (int from = 0; from < count; from += chunk) {
            int c = Math.min(chunk, count - from);
            double[] x = new double[c * inputs.rows()];
            double[] y = new double[c * outputs.rows()];
            inputs.getColumns(from, c, x, 0);
            outputs.getColumns(from, c, y, 0);
            int u = errors(k, x, y, c, errors, used);
            if (u < 0) {
                return null;
            }
            used += u;
        }
        return of(errors, used, count);
    }

    /**
     * Relative errors of the samples with a non-zero output, appended to {@code errors} from {@code at}.
     *
     * @return how many were appended, or -1 if an error is not finite
     */
    private static int errors(KoopmanOperator k, double[] inputs, double[] outputs, int count, double[] errors,
                              int at) {
        int nOut = k.nOut();
        double[] predicted = k.apply(inputs, count);
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
                return -1;
            }
            errors[at + used++] = e;
        }
        return used;
    }

    /**
     * @param errors relative errors, the first {@code used} valid; not modified
     * @param used how many
     * @param count samples measured or skipped
     * @return the fidelity, or null if none was measured
     */
    static Fidelity of(double[] errors, int used, int count) {
        if (used == 0) {
            return null;
        }
        double[] measured = Arrays.copyOf(errors, used);
        return new Fidelity(Statistics.median(measured), Statistics.quantile(measured, 0.9), used, count - used);
    }
}
