package io.koopcredit.validation.randomization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.CreditAnalysis;
import io.koopcredit.credit.FeatureWeights;
import io.koopcredit.credit.ProgressListener;
import io.koopcredit.testing.JavaNetwork;
import io.koopcredit.validation.Planted;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The randomization sanity check catches a credit that ignores the weights and passes the real one. */
class RandomizationCheckTest {

    private static final int FIT = 20;
    private static final int HELD = 40;

    /** A "credit" that returns the same numbers whatever the network: the check must fail it. */
    private static final CreditMethod CONSTANT = (network, data, options, progress) ->
            new CreditSnapshot(List.of("identity", "relu", "readout"), List.of(1.0, 2.0, 3.0), List.of(4, 4, 3),
                    new FeatureWeights(new int[] {Planted.WIDTH}, new double[][] {{1, 2, 3, 4}, {4, 3, 2, 1},
                        {1, -1, 1, -1}}));

    @Test
    void aCreditThatIgnoresTheWeightsFailsEveryStep() {
        JavaNetwork net = Planted.reluInTheMiddle();
        AnalysisData data = Planted.data(FIT, HELD, Planted.WIDTH, false);
        AnalysisOptions options = Planted.oneStep(FIT, HELD);
        RandomizationResult r = RandomizationCheck.run(net, data, options, CONSTANT.assign(net, data, options, null),
                RandomizationSteps.CASCADE, CONSTANT, ProgressListener.NONE);
        // The cascade: the two dense layers (relu, readout), top first; the identity is not weight-bearing.
        assertEquals(List.of("readout", "relu"), r.cascade());
        assertEquals(2, r.steps().size());
        for (RandomizationStep s : r.steps()) {
            assertEquals(Verdict.FAIL, s.credits(), s.creditReasons().toString());
            assertTrue(s.creditReasons().get(0).startsWith("FAIL: credits insensitive to the weights"),
                    s.creditReasons().get(0));
            assertEquals(Verdict.FAIL, s.mapsVerdict(), "identical maps: mean |r| = 1");
            assertEquals(1.0, s.maps().meanAbsPearson(), 1e-12);
        }
        RandomizationStep last = r.steps().get(1);
        assertTrue(last.allLayers());
        assertEquals(1.0, last.ranking().spearman(), 1e-12, "the ranking survives");
        assertTrue(last.creditReasons().stream().anyMatch(x -> x.contains("ranking survives")), last.creditReasons()
                .toString());
        assertEquals(Verdict.FAIL, r.credits());
        assertEquals(Verdict.FAIL, r.maps());
    }

    @Test
    void aCreditThatShiftsEveryBlockAlikeStillFailsTheRankingCriterion() {
        // Every block moves by +5 (far above the tolerance) whatever the weights: per-block changes pass,
        // but the ranking after re-randomizing every layer is the original one.
        JavaNetwork net = Planted.reluInTheMiddle();
        AnalysisData data = Planted.data(FIT, HELD, Planted.WIDTH, false);
        AnalysisOptions options = Planted.oneStep(FIT, HELD);
        CreditSnapshot original = CONSTANT.assign(net, data, options, null);
        CreditMethod shifted = (n, d, o, p) -> new CreditSnapshot(original.blocks(), List.of(6.0, 7.0, 8.0),
                original.ranks(), null);
        RandomizationResult r = RandomizationCheck.run(net, data, options, original, RandomizationSteps.CASCADE, shifted,
                ProgressListener.NONE);
        assertEquals(Verdict.PASS, r.steps().get(0).credits(), "step 1: readout moved");
        RandomizationStep last = r.steps().get(1);
        assertEquals(Verdict.FAIL, last.credits());
        assertEquals(1, last.creditReasons().size());
        assertTrue(last.creditReasons().get(0).contains("ranking survives"), last.creditReasons().get(0));
        assertNull(last.maps(), "no maps after re-randomization");
        assertEquals(Verdict.UNDETERMINED, last.mapsVerdict());
        assertEquals(Verdict.FAIL, r.credits());
    }

    @Test
    void theRealCreditNoticesAndLeavesTheBlocksBelowAlone() {
        JavaNetwork net = Planted.reluInTheMiddle();
        AnalysisData data = Planted.data(FIT, HELD, Planted.WIDTH, false);
        AnalysisOptions options = Planted.oneStep(FIT, HELD);
        CreditSnapshot original = CreditSnapshot.of(CreditAnalysis.run(net, data, options, ProgressListener.NONE));
        List<String> stages = new ArrayList<>();
        RandomizationResult r = RandomizationCheck.run(net, data, options, original, RandomizationSteps.CASCADE,
                CreditMethod.KOOPMAN, (stage, done, total) -> stages.add(stage));
        assertEquals(Verdict.PASS, r.credits(), r.steps().toString());
        assertEquals(Verdict.PASS, r.maps(), r.steps().toString());
        RandomizationStep first = r.steps().get(0);
        // Step 1 re-randomizes the readout only: the identity and ReLU blocks see the same inputs and compute the
        // same functions, so the deterministic one-step fit reproduces their credits exactly.
        assertEquals(0.0, first.blocks().get(0).change(), 0.0);
        assertEquals(0.0, first.blocks().get(1).change(), 0.0);
        assertNull(first.blocks().get(0).moved(), "blocks below are not judged");
        assertTrue(first.blocks().get(2).randomized());
        assertTrue(first.blocks().get(2).moved());
        assertTrue(Math.abs(first.blocks().get(2).changePerDirection()) >= RandomizationCheck.MIN_CHANGE_PER_DIRECTION);
        // Step 2 re-randomizes relu and readout.
        RandomizationStep second = r.steps().get(1);
        assertEquals(List.of("readout", "relu"), second.layers());
        assertTrue(second.blocks().get(1).moved() && second.blocks().get(2).moved());
        assertNotNull(second.maps());
        assertTrue(stages.stream().anyMatch(s -> s.startsWith("randomization 2/2 ")), stages.toString());
    }

    @Test
    void quickRunsTheFirstAndLastStepsOnly() {
        assertEquals(List.of(1, 5), RandomizationSteps.FIRST_AND_LAST.steps(5));
        assertEquals(List.of(1), RandomizationSteps.FIRST_AND_LAST.steps(1));
        assertEquals(List.of(1, 2, 3), RandomizationSteps.CASCADE.steps(3));
        assertEquals(List.of(), RandomizationSteps.CASCADE.steps(0));
    }

    @Test
    void aCreditThatDisappearsHasMoved() {
        CreditSnapshot original = new CreditSnapshot(List.of("a", "b"), List.of(1.0, 2.0), List.of(2, 2), null);
        CreditSnapshot after = new CreditSnapshot(List.of("a", "b"), java.util.Arrays.asList(1.0, null), List.of(2, 0),
                null);
        JavaNetwork net = new JavaNetwork(List.of(JavaNetwork.linear("a", io.koopcredit.testing.TestMatrices
                .gaussian(2, 2, 1)), JavaNetwork.linear("b", io.koopcredit.testing.TestMatrices.gaussian(2, 2, 2))));
        RandomizationStep s = RandomizationCheck.step(1, List.of("b"), false, net.partition(null), original, after);
        assertEquals(Verdict.PASS, s.credits());
        assertTrue(s.blocks().get(1).moved());
        assertTrue(s.blocks().get(1).note().contains("disappeared"));
        assertNull(s.blocks().get(1).change());
        assertEquals(1, s.ranking().items());
    }
}
