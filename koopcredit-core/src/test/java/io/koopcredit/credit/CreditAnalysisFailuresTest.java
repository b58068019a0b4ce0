package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.base.InputException;
import io.koopcredit.base.MemoryExhausted;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.model.LayerType;
import io.koopcredit.model.TensorShape;
import io.koopcredit.testing.JavaNetwork;
import io.koopcredit.testing.TestMatrices;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the analysis does with labels the model cannot predict and with a heap that runs out. */
class CreditAnalysisFailuresTest {

    @Test
    void labelsOutsideTheModelsOutputsAreAUserError() {
        AnalysisData good = CreditAnalysisTest.data(2, 20, 16);
        int[] labels = new int[20];
        labels[4] = 200;
        labels[7] = 3;
        AnalysisData data = new AnalysisData("digits", good.fit(), 2, good.holdout(), 20, labels);
        AnalysisOptions options = AnalysisOptions.of(Estimator.faithful().samples(2).trials(1)).withHoldout(20);
        InputException e = assertThrows(InputException.class, () -> CreditAnalysis.run(CreditAnalysisTest.reluChain(),
                data, options, ProgressListener.NONE));
        assertEquals("data (digits): label 200 of held-out sample 4 is not a class of the model; expected labels from 0"
                + " to 2 (the model has 3 outputs), found 2 of 20 labels outside that range", e.getMessage());
    }

    @Test
    void runningOutOfMemoryInABlockNamesTheBlock() {
        // dense2 runs normally in the network's own pass, and "runs out of memory" when the estimator
        // evaluates it on its worker threads.
        JavaNetwork network = new JavaNetwork(List.of(
                JavaNetwork.relu("dense1", TestMatrices.gaussian(10, 16, 1).scale(0.3), new double[10]),
                JavaNetwork.of("dense2", LayerType.DENSE, TensorShape.of(10), TensorShape.of(6), true, x -> {
                    if (Thread.currentThread().getName().startsWith("koopcredit-worker")) {
                        throw new OutOfMemoryError("Java heap space");
                    }
                    return java.util.Arrays.copyOf(x, 6);
                }),
                JavaNetwork.linear("dense3", TestMatrices.gaussian(3, 6, 3))));
        AnalysisOptions options = AnalysisOptions.of(Estimator.faithful().samples(2).trials(2)).withHoldout(20);
        OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> CreditAnalysis.run(network,
                CreditAnalysisTest.data(2, 20, 16), options, ProgressListener.NONE));
        MemoryExhausted named = assertInstanceOf(MemoryExhausted.class, e);
        assertEquals("estimating block dense2 (2 trials)", named.activity());
        assertTrue(named.getCause() instanceof OutOfMemoryError, "the JVM's error is kept as the cause");
    }
}
