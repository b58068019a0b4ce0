package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.koopman.Estimator;
import io.koopcredit.koopman.EstimatorKind;
import io.koopcredit.model.Network;
import io.koopcredit.model.onnx.GraphBuilder;
import io.koopcredit.model.onnx.LoadOptions;
import io.koopcredit.model.onnx.OnnxNetwork;
import io.koopcredit.model.onnx.TestModels;
import io.koopcredit.report.CreditJson;
import io.koopcredit.report.Provenance;
import io.koopcredit.report.json.JsonSchemas;
import io.koopcredit.model.Precision;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The analysis on every kind of model {@code inspect} accepts, with both estimators: every block is credited
 * (status ok, not merely "not failed"), the numbers obey what the method guarantees whatever the weights
 * (Theorem 4's alignment residual, rank bounds, the competition ranking, the per-dimension credit, held-out
 * fidelity over every held-out sample, a one-step fit better than predicting zero, the precision and the
 * credit tolerance each estimator evaluates in), nothing is NaN or infinite, and graphs that differ only in
 * naming, batch dimension or flatten-versus-reshape give the same numbers.
 */
class CreditOnOnnxModelsTest {
    private static final int HELD = 20;
    private static final int ONE_STEP_SAMPLES = 64;
    private static final int STEPS = 24;

    @TempDir
    static Path dir;

    /** The generated graphs of the model tests: BatchNorm, Dropout, residual, MatMul+Add, Softmax, ... */
    enum Fixture {
        PYTORCH_LENET(d -> TestModels.lenet(d, GraphBuilder.Naming.PYTORCH)),
        AUTO_NAMED_LENET(d -> TestModels.lenet(d, GraphBuilder.Naming.AUTO)),
        MLP_DYNAMIC_BATCH(d -> TestModels.mlp81(d, GraphBuilder.DYNAMIC)),
        MLP_FIXED_BATCH(d -> TestModels.mlp81(d, 1)),
        BATCH_NORM(TestModels::batchNorm),
        DROPOUT(TestModels::dropout),
        FLATTEN(d -> TestModels.flattenOrReshape(d, false)),
        RESHAPE(d -> TestModels.flattenOrReshape(d, true)),
        RESIDUAL(TestModels::residual),
        SIGMOID_TANH(TestModels::sigmoidTanh),
        MATMUL_ADD(TestModels::matMulAdd),
        SHAPE_OF_INPUT(TestModels::shapeOfInput),
        INITIALIZERS_AS_INPUTS(TestModels::initializersAsInputs);

        final Function<Path, Path> make;

        Fixture(Function<Path, Path> make) {
            this.make = make;
        }
    }

    /** The two analyses of one fixture, computed once and shared by the tests of this class. */
    private record Analyses(int blocks, CreditResult faithful, CreditResult oneStep) {
        List<CreditResult> both() {
            return List.of(faithful, oneStep);
        }
    }

    private static final Map<Fixture, Analyses> RESULTS = new EnumMap<>(Fixture.class);

    private static synchronized Analyses analyses(Fixture fixture) {
        return RESULTS.computeIfAbsent(fixture, f -> {
            try (Network net = OnnxNetwork.load(f.make.apply(dir), LoadOptions.defaults())) {
                int size = net.info().inputShape().size();
                // Faithful with a short embedding (--steps 24) to stay fast; the one-step fit on 64 samples.
                AnalysisOptions faithful = AnalysisOptions.of(Estimator.faithful().samples(1).trials(2).steps(STEPS))
                        .withHoldout(HELD).withThreads(2);
                AnalysisOptions oneStep = AnalysisOptions.forEstimator(EstimatorKind.ONE_STEP)
                        .withSamples(ONE_STEP_SAMPLES).withHoldout(HELD).withThreads(2);
                return new Analyses(net.partition(null).size(),
                        CreditAnalysis.run(net, random(size, 1, HELD), faithful, ProgressListener.NONE),
                        CreditAnalysis.run(net, random(size, ONE_STEP_SAMPLES, HELD), oneStep, ProgressListener.NONE));
            }
        });
    }

    static AnalysisData random(int size, int fit, int held) {
        SplittableRandom rng = new SplittableRandom(3);
        float[] f = new float[size * fit];
        float[] h = new float[size * held];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) rng.nextDouble();
        }
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) rng.nextDouble();
        }
        return new AnalysisData("random", f, fit, h, held, null);
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void everyBlockIsCreditedWithinWhatTheMethodGuarantees(Fixture fixture) {
        Analyses a = analyses(fixture);
        for (CreditResult r : a.both()) {
            String run = fixture + " " + r.options().kind().spec();
            assertEquals(a.blocks(), r.blocks().size(), run);
            int m = r.blocks().size();
            Set<Integer> creditRanks = new HashSet<>();
            for (BlockResult b : r.blocks()) {
                String where = run + " " + b.name();
                assertEquals(BlockStatus.OK, b.status(), where + ": " + b.reason());
                int nIn = b.block().nIn();
                int nOut = b.block().nOut();
                BlockCredit c = b.credit();
                assertTrue(c.rank() >= 1 && c.rank() <= b.operatorRank(), where + ": credit rank " + c.rank()
                        + " within the operator's " + b.operatorRank());
                assertTrue(b.operatorRank() <= Math.min(nIn, nOut), where);
                assertEquals(c.logCredit() / c.rank(), c.logCreditPerDim(), 1e-12 * Math.abs(c.logCredit()), where);
                // Held-out fidelity over every held-out sample (random inputs: no block output is zero).
                assertEquals(HELD, b.fidelity().samples(), where);
                assertTrue(b.fidelity().median() <= b.fidelity().p90(), where);
                // The credit ranking is a competition ranking of the log credits.
                long better = r.blocks().stream().filter(o -> o.credit().logCredit() > c.logCredit()).count();
                assertEquals(better + 1, (long) b.creditRank(), where);
                creditRanks.add(b.creditRank());
                if (r.options().kind() == EstimatorKind.FAITHFUL) {
                    assertEquals(2, b.trials(), where);
                    assertEquals(STEPS, b.steps(), where);
                    // Theorem 4: ‖BA − I‖_F = √(nOut − nIn) for S2L (B·B⁺ projects onto nIn dimensions), 0 else.
                    double expected = Math.sqrt(Math.max(0, nOut - nIn));
                    assertEquals(expected, b.alignmentResidual(), 1e-9 * Math.max(1, expected), where);
                    // Every operation of these graphs runs in float64 (directly or rewritten), so the credit
                    // resolves the data tolerance to double.
                    assertEquals(Precision.FLOAT64, b.numerics().precision(), where);
                    assertEquals(CreditTolerance.DOUBLE, b.numerics().creditTolerance(), where);
                } else {
                    assertEquals(1, b.trials(), where);
                    assertEquals(1, b.steps(), where);
                    assertNull(b.alignmentResidual(), where);
                    // K = F·X⁺ has at most the rank of the N fitting inputs.
                    assertTrue(b.operatorRank() <= b.snapshotRank(), where);
                    assertTrue(b.snapshotRank() <= Math.min(nIn, ONE_STEP_SAMPLES), where);
                    assertEquals(Precision.FLOAT32, b.numerics().precision(), where);
                    assertEquals(CreditTolerance.FLOAT32, b.numerics().creditTolerance(), where);
                    // A least-squares fit on 64 samples of the same distribution beats predicting zero.
                    assertTrue(b.fidelity().median() < 1, where + ": fidelity " + b.fidelity().median());
                }
            }
            assertEquals(m, creditRanks.size(), run + ": distinct credits, distinct ranks");
            assertNotNull(r.global(), run + ": every block has an operator, so K = K_m⋯K_1 exists");
            assertEquals(HELD, r.global().samples());
            assertEquals(r.model().outputShape().size(), r.featureWeights().classes(), run);
            String json = CreditJson.toJson(r, new Provenance("koopcredit", "test", "scale"));
            assertFalse(json.contains("NaN") || json.contains("Infinity"), run + ": " + json);
            JsonSchemas.assertValid(JsonSchemas.Kind.CREDIT, json);
        }
    }

    @Test
    void namingBatchDimensionAndFlattenOrReshapeDoNotChangeTheNumbers() {
        Fixture[][] same = {{Fixture.PYTORCH_LENET, Fixture.AUTO_NAMED_LENET},
            {Fixture.MLP_DYNAMIC_BATCH, Fixture.MLP_FIXED_BATCH}, {Fixture.FLATTEN, Fixture.RESHAPE}};
        for (Fixture[] pair : same) {
            List<CreditResult> a = analyses(pair[0]).both();
            List<CreditResult> b = analyses(pair[1]).both();
            for (int e = 0; e < 2; e++) {
                for (int i = 0; i < a.get(e).blocks().size(); i++) {
                    BlockResult x = a.get(e).blocks().get(i);
                    BlockResult y = b.get(e).blocks().get(i);
                    String where = pair[0] + " vs " + pair[1] + " block " + i;
                    assertEquals(x.credit().logCredit(), y.credit().logCredit(), 0.0, where);
                    assertEquals(x.credit().rank(), y.credit().rank(), where);
                    assertEquals(x.fidelity().median(), y.fidelity().median(), 0.0, where);
                }
            }
        }
    }
}
