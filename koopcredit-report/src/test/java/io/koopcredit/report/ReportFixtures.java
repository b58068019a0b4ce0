package io.koopcredit.report;

import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.BlockSensitivity;
import io.koopcredit.credit.BlockStatus;
import io.koopcredit.credit.CreditAnalysis;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.Example;
import io.koopcredit.credit.ProgressListener;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.koopman.EstimatorKind;
import io.koopcredit.koopman.KoopmanOperator;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.LayerType;
import io.koopcredit.model.TensorShape;
import io.koopcredit.testing.JavaNetwork;
import io.koopcredit.testing.TestMatrices;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Small real credit analyses for report tests, without ONNX: a tiny LeNet-like network on 6 × 6 images
 * (a convolution with two kernels, max pooling, two dense layers, four classes), a flat 16-input MLP
 * (feature weights drawn 4 × 4), a network with a dead block (no credit, undefined values), and the MLP with a
 * planted failed block.
 */
public final class ReportFixtures {
    /** Image side of the conv fixture. */
    static final int SIDE = 6;
    /** Classes of both fixtures. */
    static final int CLASSES = 4;
    /** Held-out samples: enough for every class to appear. */
    static final int HELD = 40;

    private ReportFixtures() {
    }

    /** @return the options every fixture uses: few samples and trials, one thread, a fixed seed */
    static AnalysisOptions options() {
        return AnalysisOptions.of(Estimator.faithful().samples(1).trials(2)).withHoldout(HELD).withThreads(1)
                .withSeed(11);
    }

    /** @return a fresh analysis of the conv network (faithful estimator); same numbers every call */
    public static CreditResult conv() {
        return CreditAnalysis.run(convNetwork(), data(SIDE * SIDE, 1, 7), options(), ProgressListener.NONE);
    }

    /** @return a fresh analysis of the flat 16-input MLP (one-step estimator) */
    public static CreditResult mlp() {
        JavaNetwork net = new JavaNetwork(List.of(
                JavaNetwork.relu("dense1", TestMatrices.gaussian(12, 16, 21).scale(0.4), filled(12, 0.05)),
                JavaNetwork.linear("dense2", TestMatrices.gaussian(CLASSES, 12, 22).scale(0.5))));
        AnalysisOptions o = AnalysisOptions.forEstimator(EstimatorKind.ONE_STEP).withSamples(60).withHoldout(HELD)
                .withThreads(1).withSeed(11);
        return CreditAnalysis.run(net, data(16, 60, 8), o, ProgressListener.NONE);
    }

    /** @return an analysis where the first block outputs zeros: degenerate, with null credit and fidelity */
    public static CreditResult dead() {
        JavaNetwork net = new JavaNetwork(List.of(
                JavaNetwork.of("dead", LayerType.DENSE, TensorShape.of(4), TensorShape.of(3), true, x -> new double[3]),
                JavaNetwork.linear("after", TestMatrices.gaussian(2, 3, 5))));
        AnalysisOptions o = AnalysisOptions.of(Estimator.faithful().samples(1).trials(2)).withHoldout(5)
                .withThreads(1);
        return CreditAnalysis.run(net, new AnalysisData("zeros", new float[4], 1, new float[5 * 4], 5, null), o,
                ProgressListener.NONE);
    }

    /**
     * @return the MLP's analysis as if its last block's estimation had failed: no operator, no credit, no
     *     feature weights, no global fidelity, examples without the operator's prediction
     */
    public static CreditResult failedLastBlock() {
        CreditResult r = mlp();
        int last = r.blocks().size() - 1;
        List<BlockResult> blocks = new ArrayList<>();
        List<KoopmanOperator> operators = new ArrayList<>(r.operators());
        BlockSensitivity undefined = new BlockSensitivity(null, "undefined: some block has no operator");
        for (int i = 0; i < r.blocks().size(); i++) {
            BlockResult b = r.blocks().get(i);
            if (i == last) {
                blocks.add(new BlockResult(b.block(), BlockStatus.FAILED, "estimation failed: planted by the test", 1, 0,
                        null, null, undefined, 0, 0, 0, 0, null, 0, 0, null, null, null, null, List.of(), b.numerics()));
                operators.set(i, null);
            } else {
                blocks.add(new BlockResult(b.block(), b.status(), b.reason(), b.steps(), b.trials(), b.credit(),
                        b.creditRank(), undefined, b.operatorRank(), b.snapshotRank(), b.snapshotRankMin(),
                        b.snapshotRankMax(), b.snapshotCondition(), b.nominalPairs(), b.distinctPairs(), b.embedding(),
                        b.alignmentResidual(), b.fidelity(), b.trialCredit(), b.kernels(), b.numerics()));
            }
        }
        List<Example> examples = r.examples().stream()
                .map(e -> new Example(e.index(), e.input(), e.label(), e.networkPrediction(), null)).toList();
        return new CreditResult(r.model(), r.data(), r.options(), r.partition(), blocks, operators, null, null, null,
                "some block has no operator, so the product K = K_m⋯K_1 does not exist", examples,
                r.timings());
    }

    private static JavaNetwork convNetwork() {
        double[][] kernels = {{0, 1, 0, 1, -4, 1, 0, 1, 0}, {1, 2, 1, 0, 0, 0, -1, -2, -1}};
        double[] bias = {0.1, 0.05};
        JavaNetwork.JavaLayer conv = JavaNetwork.of("conv1", LayerType.CONV, TensorShape.of(1, SIDE, SIDE),
                TensorShape.of(2, SIDE, SIDE), true, x -> {
                    double[] y = new double[2 * SIDE * SIDE];
                    for (int c = 0; c < 2; c++) {
                        for (int i = 0; i < SIDE; i++) {
                            for (int j = 0; j < SIDE; j++) {
                                double s = bias[c];
                                for (int di = -1; di <= 1; di++) {
                                    for (int dj = -1; dj <= 1; dj++) {
                                        int ii = i + di;
                                        int jj = j + dj;
                                        if (ii >= 0 && ii < SIDE && jj >= 0 && jj < SIDE) {
                                            s += kernels[c][(di + 1) * 3 + dj + 1] * x[ii * SIDE + jj];
                                        }
                                    }
                                }
                                y[(c * SIDE + i) * SIDE + j] = Math.max(0, s);
                            }
                        }
                    }
                    return y;
                });
        int half = SIDE / 2;
        JavaNetwork.JavaLayer pool = JavaNetwork.of("pool1", LayerType.POOL, TensorShape.of(2, SIDE, SIDE),
                TensorShape.of(2, half, half), true, x -> {
                    double[] y = new double[2 * half * half];
                    Arrays.fill(y, Double.NEGATIVE_INFINITY);
                    for (int c = 0; c < 2; c++) {
                        for (int i = 0; i < SIDE; i++) {
                            for (int j = 0; j < SIDE; j++) {
                                int o = (c * half + i / 2) * half + j / 2;
                                y[o] = Math.max(y[o], x[(c * SIDE + i) * SIDE + j]);
                            }
                        }
                    }
                    return y;
                });
        Matrix w1 = TestMatrices.gaussian(8, 2 * half * half, 31).scale(0.4);
        Matrix w2 = TestMatrices.gaussian(CLASSES, 8, 32).scale(0.5);
        return new JavaNetwork(List.of(conv, pool, JavaNetwork.relu("dense1", w1, filled(8, 0.02)),
                JavaNetwork.linear("dense2", w2)));
    }

    private static AnalysisData data(int width, int fit, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] f = new float[fit * width];
        float[] h = new float[HELD * width];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) rng.nextDouble();
        }
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) rng.nextDouble();
        }
        int[] labels = new int[HELD];
        for (int i = 0; i < HELD; i++) {
            labels[i] = i % CLASSES;
        }
        return new AnalysisData("random " + width + "-value samples", f, fit, h, HELD, labels);
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }
}
