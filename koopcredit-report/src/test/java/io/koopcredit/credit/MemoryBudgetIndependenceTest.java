package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.koopman.Estimator;
import io.koopcredit.model.Network;
import io.koopcredit.model.onnx.LoadOptions;
import io.koopcredit.model.onnx.OnnxNetwork;
import io.koopcredit.report.CreditJson;
import io.koopcredit.report.Provenance;
import io.koopcredit.store.MemoryLimit;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The memory budget and the thread count decide how an analysis runs, never what it finds: with a budget so
 * small that the activations go to disk, or with one thread instead of two, credit.json is byte for byte the
 * one of a large budget, apart from the timings; for the dense path and the one-step estimator's Gram form.
 */
class MemoryBudgetIndependenceTest {

    static Stream<Arguments> runs() {
        return Stream.of(
                Arguments.of("models/mlp81-mnist.onnx", AnalysisOptions.of(Estimator.faithful().trials(3))
                        .withHoldout(300)),
                Arguments.of("models/lenet5-mnist.onnx", AnalysisOptions.of(Estimator.onestep().samples(300))
                        .withHoldout(200)),
                // The Gram form (issue #10): its tiles, kernel factors (conv1's maps have 784 rows > N, so
                // their R factors go to a store) and sums must not depend on the budget or the threads either.
                Arguments.of("models/lenet5-mnist.onnx", AnalysisOptions.of(Estimator.onestep().samples(300))
                        .withHoldout(200).withFormulation(Formulation.SCALABLE)));
    }

    @ParameterizedTest
    @MethodSource("runs")
    void creditJsonIsTheSameUnderABudgetThatForcesDifferentRepresentations(String model, AnalysisOptions base) {
        try (Network net = OnnxNetwork.load(Path.of(model), LoadOptions.defaults())) {
            AnalysisData data = AnalysisData.load(Path.of("data/mnist"),
                    io.koopcredit.data.Preprocessing.declaredBy(net.info()), net.info(), base.samples(), base.holdout());
            AnalysisOptions large = base.withThreads(2).withMemory(MemoryLimit.of(64L << 30));
            CreditResult roomy = CreditAnalysis.run(net, data, large, ProgressListener.NONE);
            MemoryPlan plan = roomy.timings().memory().plan();
            assertTrue(plan.activationsInMemory());
            assertEquals(0, roomy.timings().memory().spilledBytes());
            // Room for the fixed memory and the largest task, but not for the activations beside it.
            long tight = plan.fixed() + plan.largestTask() + plan.activationBytes() / 2;
            CreditResult cramped = CreditAnalysis.run(net, data, large.withMemory(MemoryLimit.of(tight)),
                    ProgressListener.NONE);
            assertFalse(cramped.timings().memory().plan().activationsInMemory(), "the activations go to disk: "
                    + plan.describe() + " / " + cramped.timings().memory().plan().describe());
            assertEquals(plan.activationBytes(), cramped.timings().memory().spilledBytes());
            Provenance p = new Provenance("koopcredit", "test", "declared");
            assertEquals(withoutTimings(CreditJson.toJson(roomy, p)), withoutTimings(CreditJson.toJson(cramped, p)));
            CreditResult alone = CreditAnalysis.run(net, data, large.withThreads(1), ProgressListener.NONE);
            assertEquals(withoutTimings(CreditJson.toJson(roomy, p)), withoutTimings(CreditJson.toJson(alone, p)),
                    "one thread");
        }
    }

    /** @return the JSON up to its last object, the timings */
    static String withoutTimings(String json) {
        int t = json.lastIndexOf("\"timings\"");
        assertTrue(t > 0);
        return json.substring(0, t);
    }
}
