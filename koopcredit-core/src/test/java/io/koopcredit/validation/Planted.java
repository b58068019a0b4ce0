package io.koopcredit.validation;

import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.koopman.EstimatorKind;
import io.koopcredit.koopman.RankPolicy;
import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.LayerType;
import io.koopcredit.model.TensorShape;
import io.koopcredit.testing.JavaNetwork;
import io.koopcredit.testing.TestMatrices;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Small networks with planted properties and data for the validation tests. */
public final class Planted {
    private Planted() {
    }

    /** Width of the planted chain's hidden state. */
    public static final int WIDTH = 4;

    /** Classes of the planted chain's readout. */
    public static final int CLASSES = 3;

    /** The contraction factor: log credit 4·ln 0.01 ≈ −18.4. */
    public static final double CONTRACTION = 0.01;

    /** The expansion factor: log credit 4·ln 3 ≈ +4.39. */
    public static final double EXPANSION = 3.0;

    /**
     * A linear chain in double precision: identity (|det| = 1, log credit 0), 0.01·I, 3·I, then a 3 × 4
     * readout. Every block is linear, so the one-step estimator recovers each exactly.
     */
    public static JavaNetwork linearChain() {
        return new JavaNetwork(List.of(
                JavaNetwork.scale("identity", WIDTH, 1.0),
                JavaNetwork.scale("contraction", WIDTH, CONTRACTION),
                JavaNetwork.scale("expansion", WIDTH, EXPANSION),
                JavaNetwork.linear("readout", readout())));
    }

    /** The readout of {@link #linearChain()}. */
    public static Matrix readout() {
        return TestMatrices.gaussian(CLASSES, WIDTH, 31);
    }

    /**
     * Identity, then a ReLU layer with a bias (the only non-linear block), then the readout; the ReLU
     * block is dense (type DENSE) so the randomization cascade includes it with the readout.
     */
    public static JavaNetwork reluInTheMiddle() {
        double[] bias = {0.3, -0.2, 0.1, -0.4};
        Matrix w = TestMatrices.gaussian(WIDTH, WIDTH, 32);
        return new JavaNetwork(List.of(
                JavaNetwork.scale("identity", WIDTH, 1.0),
                new JavaNetwork.JavaLayer("relu", LayerType.DENSE, TensorShape.of(WIDTH), TensorShape.of(WIDTH), x -> {
                    double[] y = Linalg.multiply(w, x);
                    for (int i = 0; i < y.length; i++) {
                        y[i] = Math.max(0, y[i] + bias[i]);
                    }
                    return y;
                }, false),
                JavaNetwork.linear("readout", readout())));
    }

    /** Outputs of {@link #mixed()}: labels of its data must be 0 or 1. */
    public static final int MIXED_CLASSES = 2;

    /**
     * A chain for the faithful estimator: an E2E linear block (no alignment: every trial gives the same
     * operator), an L2S ReLU block (random alignments: trials differ), and an L2S linear readout.
     */
    public static JavaNetwork mixed() {
        double[] bias = {0.05, -0.05, 0.02};
        return new JavaNetwork(List.of(
                JavaNetwork.linear("square", TestMatrices.withSingularValues(new double[] {2.0, 1.0, 0.7, 0.5, 0.3}, 41)),
                JavaNetwork.relu("dense", TestMatrices.gaussian(3, 5, 42).scale(0.6), bias),
                JavaNetwork.linear("readout", TestMatrices.gaussian(2, 3, 43))));
    }

    /**
     * @param fit fitting samples
     * @param held held-out samples
     * @param width values per sample
     * @param labels whether to give labels (those of the first network output's argmax are not known
     *     here, so labels are arbitrary classes 0..CLASSES-1)
     * @return uniform random samples in [-1, 1)
     */
    public static AnalysisData data(int fit, int held, int width, boolean labels) {
        return data(fit, held, width, labels ? CLASSES : 0);
    }

    /**
     * @param fit fitting samples
     * @param held held-out samples
     * @param width values per sample
     * @param classes the network's outputs: labels cycle through 0..classes-1; 0 for no labels
     * @return uniform random samples in [-1, 1)
     */
    public static AnalysisData data(int fit, int held, int width, int classes) {
        SplittableRandom rng = new SplittableRandom(77);
        float[] f = new float[fit * width];
        float[] h = new float[held * width];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (2 * rng.nextDouble() - 1);
        }
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) (2 * rng.nextDouble() - 1);
        }
        int[] l = null;
        if (classes > 0) {
            l = new int[held];
            Arrays.setAll(l, j -> j % classes);
        }
        return new AnalysisData("planted", f, fit, h, held, l);
    }

    /** The one-step estimator at machine precision: exact on linear blocks with enough samples. */
    public static AnalysisOptions oneStep(int samples, int holdout) {
        return AnalysisOptions.forEstimator(EstimatorKind.ONE_STEP).withSamples(samples).withHoldout(holdout)
                .withRank(new RankPolicy.MachinePrecision()).withThreads(2);
    }
}
