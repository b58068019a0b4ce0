package io.koopcredit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.base.InputException;
import io.koopcredit.base.InvalidOptionException;
import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.koopman.EstimatorKind;
import io.koopcredit.validation.ValidationOptions;
import io.koopcredit.validation.ValidationResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The library's front door on the bundled 81-wide network (seconds). */
class KoopCreditTest {
    static final Path MLP = Path.of("models/mlp81-mnist.onnx");
    static final Path MNIST = Path.of("data/mnist");

    @Test
    void theBuilderRunsTheChosenEstimatorWithTheModelsPreprocessing() {
        List<String> stages = new ArrayList<>();
        CreditResult r = KoopCredit.builder().model(MLP).data(MNIST)
                .estimator(Estimator.onestep().samples(300)).holdout(50).seed(5).threads(1)
                .progress((stage, done, total) -> stages.add(stage)).run();
        assertEquals(EstimatorKind.ONE_STEP, r.options().kind());
        assertEquals(300, r.options().samples());
        assertEquals(50, r.options().holdout());
        assertEquals(4, r.blocks().size());
        for (BlockResult b : r.blocks()) {
            assertNotNull(b.credit(), b.name());
            assertTrue(b.fidelity().median() < 1, b.name() + " fidelity " + b.fidelity().median());
        }
        assertTrue(r.data().contains("train-images"), r.data());
        assertTrue(!stages.isEmpty(), "progress was reported");
    }

    @Test
    void analyzeUsesTheDefaultsOfTheLibrary() {
        CreditResult r = KoopCredit.builder().model(MLP).data(MNIST).holdout(20).threads(1).run();
        assertEquals(EstimatorKind.FAITHFUL, r.options().kind());
        assertEquals(10, r.options().trials());
        assertEquals(1, r.options().samples());
    }

    @Test
    void validateRunsTheChecks() {
        ValidationResult v = KoopCredit.builder().model(MLP).data(MNIST).estimator(Estimator.onestep().samples(200))
                .holdout(30).threads(1).validation(ValidationOptions::quick).validate();
        assertEquals(4, v.analysis().blocks().size());
        assertNotNull(v.randomization());
    }

    @Test
    void mistakesNameTheBuildersOptions() {
        InvalidOptionException trials = assertThrows(InvalidOptionException.class,
                () -> KoopCredit.builder().estimator(Estimator.pca()).trials(3));
        assertEquals("trials", trials.option());
        assertTrue(trials.getMessage().startsWith("trials: expected the faithful estimator"), trials.getMessage());
        assertEquals("samples", assertThrows(InvalidOptionException.class,
                () -> KoopCredit.builder().samples(0)).option());
        assertEquals("model", assertThrows(InvalidOptionException.class,
                () -> KoopCredit.builder().data(MNIST).run()).option());
        InputException missing = assertThrows(InputException.class,
                () -> KoopCredit.analyze(Path.of("models/none.onnx"), MNIST));
        assertTrue(missing.getMessage().contains("models/none.onnx"), missing.getMessage());
    }
}
