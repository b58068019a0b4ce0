package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The analysis runs on every kind of model {@code inspect} accepts, and never emits NaN or infinity. */
class CreditOnOnnxModelsTest {

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
    void bothEstimatorsRunAndEveryNumberIsFinite(Fixture fixture) {
        Path model = fixture.make.apply(dir);
        try (Network net = OnnxNetwork.load(model, LoadOptions.defaults())) {
            int size = net.info().inputShape().size();
            // Faithful with a short embedding (--steps 24) to stay fast; the one-step fit on 64 samples.
            AnalysisOptions faithful = AnalysisOptions.of(Estimator.faithful().samples(1).trials(2).steps(24))
                    .withHoldout(20).withThreads(2);
            AnalysisOptions oneStep = AnalysisOptions.forEstimator(EstimatorKind.ONE_STEP).withSamples(64)
                    .withHoldout(20).withThreads(2);
            for (AnalysisOptions o : List.of(faithful, oneStep)) {
                CreditResult r = CreditAnalysis.run(net, random(size, o.samples(), o.holdout()), o,
                        ProgressListener.NONE);
                assertEquals(net.partition(null).size(), r.blocks().size());
                for (BlockResult b : r.blocks()) {
                    assertTrue(b.status() != BlockStatus.FAILED, fixture + " " + b.name() + ": " + b.reason());
                    if (b.status() == BlockStatus.DEGENERATE) {
                        assertNotNull(b.reason());
                    }
                }
                String json = CreditJson.toJson(r, new Provenance("koopcredit", "test", "scale"));
                assertFalse(json.contains("NaN") || json.contains("Infinity"), fixture + ": " + json);
                JsonSchemas.assertValid(JsonSchemas.Kind.CREDIT, json);
            }
        }
    }
}
