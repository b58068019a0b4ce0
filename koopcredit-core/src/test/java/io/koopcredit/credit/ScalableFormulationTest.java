package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.data.Preprocessing;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.model.Network;
import io.koopcredit.model.onnx.LoadOptions;
import io.koopcredit.model.onnx.OnnxNetwork;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Items 3 and 7 of issue #10: on the bundled models the scalable formulations give the dense path's numbers. Every
 * credit, kernel credit, fidelity and global value within {@link #RELATIVE} (relative), every rank exactly,
 * and every feature-weight row within {@link #RELATIVE} of its largest weight.
 */
class ScalableFormulationTest {
    /**
     * The tolerance of issue #10. The two paths are different backward-stable computations of the same
     * quantities, so they differ by rounding amplified by conditioning: on these models credits agree to
     * about 1e-15 and fidelities to 1e-10 (the scalable fidelity subtracts squared norms, which costs
     * ε/fidelity² relative; the smallest fidelity here is 5·10⁻⁴).
     */
    static final double RELATIVE = 1e-8;

    static Stream<Arguments> analyses() {
        return Stream.of(
                Arguments.of("models/lenet5-mnist.onnx", "data/mnist",
                        AnalysisOptions.of(Estimator.onestep().samples(600))),
                Arguments.of("models/mlp81-mnist.onnx", "data/mnist", AnalysisOptions.of(Estimator.onestep())),
                Arguments.of("models/mlp81-mnist.onnx", "data/mnist", AnalysisOptions.of(Estimator.onestep()
                        .samples(500).affine(true))),
                // Residual units as blocks, convolutions with kernel credits, a global pool and a linear head.
                Arguments.of("models/resnet14-fashion.onnx", "data/fashion-mnist",
                        AnalysisOptions.of(Estimator.onestep().samples(400)).withHoldout(300)),
                // The faithful estimator: its scalable form fits each E2E residual unit once and takes that
                // operator as the mean of the T equal trials; the dense form fits and averages all T.
                Arguments.of("models/resnet14-fashion.onnx", "data/fashion-mnist",
                        AnalysisOptions.of(Estimator.faithful().samples(1).trials(3).steps(30)).withHoldout(200)));
    }

    @ParameterizedTest
    @MethodSource("analyses")
    void scalableAndDenseGiveTheSameNumbers(String model, String dataPath, AnalysisOptions options) {
        try (Network net = OnnxNetwork.load(bundled(model), LoadOptions.defaults())) {
            AnalysisData data = AnalysisData.load(bundled(dataPath), Preprocessing.declaredBy(net.info()),
                    net.info(), options.samples(), options.holdout());
            CreditResult dense = CreditAnalysis.run(net, data, options.withFormulation(Formulation.DENSE),
                    ProgressListener.NONE);
            CreditResult scalable = CreditAnalysis.run(net, data, options.withFormulation(Formulation.SCALABLE),
                    ProgressListener.NONE);
            assertSame(dense, scalable);
        }
    }

    /**
     * @return a bundled file's path: relative to the repository root, where Surefire runs the tests, or to
     *     the module's parent when the working directory is the module (PIT runs its minions there)
     */
    private static Path bundled(String relative) {
        Path p = Path.of(relative);
        return java.nio.file.Files.exists(p) ? p : Path.of("..").resolve(relative);
    }

    /** Asserts the agreement described in the class comment. */
    static void assertSame(CreditResult dense, CreditResult scalable) {
        assertEquals(dense.blocks().size(), scalable.blocks().size());
        for (int i = 0; i < dense.blocks().size(); i++) {
            BlockResult d = dense.blocks().get(i);
            BlockResult s = scalable.blocks().get(i);
            String where = d.name();
            assertEquals(d.status(), s.status(), where);
            assertEquals(d.credit().rank(), s.credit().rank(), where + " rank");
            // The operator rank counts singular values that are not exactly zero: where the dense form has
            // rounding-level values (~1e-17 of the largest, from a row of K that is exactly zero, a dead unit),
            // the scalable form can have exact zeros. The ranks agree above rounding.
            double[] sv = dense.operators().get(i).singularValues();
            int rounding = 0;
            for (double v : sv) {
                rounding += v <= 1e-12 * sv[0] ? 1 : 0;
            }
            assertTrue(s.operatorRank() <= d.operatorRank() && d.operatorRank() - s.operatorRank() <= rounding,
                    where + " operator rank " + d.operatorRank() + " vs " + s.operatorRank() + ", " + rounding
                    + " at rounding level");
            assertEquals(d.snapshotRank(), s.snapshotRank(), where + " snapshot rank");
            assertEquals(d.creditRank(), s.creditRank(), where + " credit rank");
            close(d.credit().logCredit(), s.credit().logCredit(), where + " log credit");
            close(d.snapshotCondition(), s.snapshotCondition(), where + " snapshot condition");
            closeFidelity(d.fidelity().median(), s.fidelity().median(), where + " fidelity");
            closeFidelity(d.fidelity().p90(), s.fidelity().p90(), where + " fidelity p90");
            assertEquals(d.fidelity().samples(), s.fidelity().samples(), where);
            assertEquals(d.kernels().size(), s.kernels().size(), where + " kernels");
            for (int k = 0; k < d.kernels().size(); k++) {
                assertEquals(d.kernels().get(k).rank(), s.kernels().get(k).rank(), where + " kernel " + k);
                if (d.kernels().get(k).logCredit() != null) {
                    close(d.kernels().get(k).logCredit(), s.kernels().get(k).logCredit(), where + " kernel " + k);
                }
            }
        }
        assertNotNull(scalable.featureWeights());
        double[][] wd = dense.featureWeights().weights();
        double[][] ws = scalable.featureWeights().weights();
        for (int c = 0; c < wd.length; c++) {
            double largest = 0;
            double diff = 0;
            for (int j = 0; j < wd[c].length; j++) {
                largest = Math.max(largest, Math.abs(wd[c][j]));
                diff = Math.max(diff, Math.abs(wd[c][j] - ws[c][j]));
            }
            assertTrue(diff <= RELATIVE * largest, "class " + c + ": weights differ by " + diff + " of " + largest);
        }
        close(dense.global().agreement(), scalable.global().agreement(), "agreement");
        close(dense.global().medianRelativeError(), scalable.global().medianRelativeError(), "global error");
        for (int c = 0; c < dense.templates().perClass().length; c++) {
            assertEquals(dense.templates().perClass()[c], scalable.templates().perClass()[c], RELATIVE,
                    "template correlation " + c);
        }
        for (int e = 0; e < dense.examples().size(); e++) {
            assertEquals(dense.examples().get(e).operatorPrediction(), scalable.examples().get(e).operatorPrediction());
        }
    }

    /**
     * A fidelity is a relative error ‖K x − f‖/‖f‖; both paths compute K x to about ε·‖f‖ times the
     * conditioning of the fit, so when the fidelity itself is at rounding level (the affine fit of the MLP's
     * last, linear layer: 7.7·10⁻⁸, the float32 rounding of its outputs) the two agree to about 10⁻¹⁵ of ‖f‖
     * (measured: 1.7·10⁻¹⁵, 2.2·10⁻⁸ of the fidelity). Fidelities agree within {@link #RELATIVE} relative or
     * within {@link #FIDELITY_ABSOLUTE} (in units of ‖f‖, about 100 ε), whichever is larger.
     */
    static final double FIDELITY_ABSOLUTE = 1e-14;

    static void closeFidelity(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= Math.max(RELATIVE * Math.abs(expected), FIDELITY_ABSOLUTE), what
                + ": " + expected + " vs " + actual);
    }

    static void close(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= RELATIVE * Math.abs(expected), what + ": " + expected + " vs "
                + actual + " (relative " + Math.abs(expected - actual) / Math.abs(expected) + ")");
    }
}
