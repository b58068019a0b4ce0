package io.koopcredit.spark;

import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import java.io.Serializable;

/**
 * The sums over samples that the one-step estimator's Gram form needs for one block, with X the block's
 * real inputs and F its real outputs (columns = samples): {@code X·Xᵀ} (nIn × nIn), {@code F·Xᵀ}
 * (nOut × nIn), the column sums of X and F and the sample count. Sums of two disjoint sets of samples add
 * up, which is what lets executors compute them on their partitions and a fixed-order tree combine them.
 *
 * @param nIn block input width
 * @param nOut block output width
 * @param count number of samples summed
 * @param xx X·Xᵀ, column-major (owned: do not modify)
 * @param fx F·Xᵀ, column-major (owned: do not modify)
 * @param sumX Σ x (owned: do not modify)
 * @param sumF Σ f (owned: do not modify)
 * @param sumSqF Σ f², element by element (the diagonal of F·Fᵀ; owned: do not modify)
 */
public record BlockSums(int nIn, int nOut, long count, double[] xx, double[] fx, double[] sumX, double[] sumF,
                        double[] sumSqF)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Validates the sizes. */
    public BlockSums {
        if (xx.length != nIn * nIn || fx.length != nOut * nIn || sumX.length != nIn || sumF.length != nOut
                || sumSqF.length != nOut || count < 0) {
            throw new IllegalArgumentException("block sums of widths " + nIn + " -> " + nOut + " do not fit their"
                    + " arrays");
        }
    }

    /**
     * The sums of some samples.
     *
     * @param inputs {@code count * nIn} block inputs, sample after sample; not modified
     * @param outputs {@code count * nOut} block outputs, sample after sample; not modified
     * @param count number of samples, at least 1
     * @return their sums
     */
    public static BlockSums of(double[] inputs, double[] outputs, int count) {
        int nIn = inputs.length / count;
        int nOut = outputs.length / count;
        Matrix x = Matrix.wrap(nIn, count, inputs.clone());
        Matrix f = Matrix.wrap(nOut, count, outputs.clone());
        double[] sumX = new double[nIn];
        double[] sumF = new double[nOut];
        double[] sumSqF = new double[nOut];
        for (int j = 0; j < count; j++) {
            for (int i = 0; i < nIn; i++) {
                sumX[i] += inputs[j * nIn + i];
            }
            for (int i = 0; i < nOut; i++) {
                double v = outputs[j * nOut + i];
                sumF[i] += v;
                sumSqF[i] += v * v;
            }
        }
        return new BlockSums(nIn, nOut, count, Linalg.multiplyTransposeB(x, x).toColumnMajor(),
                Linalg.multiplyTransposeB(f, x).toColumnMajor(), sumX, sumF, sumSqF);
    }

    /**
     * @param other sums of other samples of the same block; not modified
     * @return the sums of both (this record is not modified): {@code this + other}, element by element, in
     *     that order
     */
    public BlockSums plus(BlockSums other) {
        if (other.nIn != nIn || other.nOut != nOut) {
            throw new IllegalArgumentException("cannot add the sums of a " + other.nIn + " -> " + other.nOut
                    + " block to those of a " + nIn + " -> " + nOut + " block");
        }
        return new BlockSums(nIn, nOut, count + other.count, add(xx, other.xx), add(fx, other.fx),
                add(sumX, other.sumX), add(sumF, other.sumF), add(sumSqF, other.sumSqF));
    }

    private static double[] add(double[] a, double[] b) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i] + b[i];
        }
        return c;
    }
}
