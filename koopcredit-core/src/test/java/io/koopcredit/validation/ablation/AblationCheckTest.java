package io.koopcredit.validation.ablation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.BlockStatus;
import io.koopcredit.credit.CreditAnalysis;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.ProgressListener;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.model.LayerType;
import io.koopcredit.model.TensorShape;
import io.koopcredit.testing.JavaNetwork;
import io.koopcredit.validation.Planted;
import io.koopcredit.validation.stats.DamageMeasure;
import io.koopcredit.validation.stats.RankCorrelation;
import io.koopcredit.validation.stats.ScoreKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ablations on networks whose blocks have planted importance. */
class AblationCheckTest {

    private static final int FIT = 20;
    private static final int HELD = 60;

    @Test
    void aLinearChainCreditsAsPlantedAndKnockoutsTieAsTheMathematicsSays() {
        JavaNetwork net = Planted.linearChain();
        AnalysisData data = Planted.data(FIT, HELD, Planted.WIDTH, false);
        AnalysisOptions options = Planted.oneStep(FIT, HELD);
        CreditResult base = CreditAnalysis.run(net, data, options, ProgressListener.NONE);
        // The one-step fit K = F·X⁺ is exact on linear blocks (20 samples span R^4): log |det| of the planted maps.
        assertEquals(0.0, base.blocks().get(0).credit().logCredit(), 1e-9, "identity: |det I| = 1");
        assertEquals(Planted.WIDTH * Math.log(Planted.CONTRACTION), base.blocks().get(1).credit().logCredit(), 1e-8);
        assertEquals(Planted.WIDTH * Math.log(Planted.EXPANSION), base.blocks().get(2).credit().logCredit(), 1e-8);

        AblationResult r = AblationCheck.run(net, base, data, FIT);
        assertEquals(ScoreKind.AGREEMENT, r.scoreKind(), "no labels: agreement with the unablated predictions");
        assertEquals(1.0, r.baselineScore());
        assertEquals(HELD, r.samples());
        assertEquals(FIT, r.fitSamples());
        // Linearizing an exactly linear block changes nothing: K_i = f_i and the mean residual is 0.
        for (BlockAblation b : r.linearize()) {
            assertEquals(0.0, b.scoreDrop(), 0.0, b.block());
            assertTrue(b.outputChange() < 1e-9, b.block() + ": " + b.outputChange());
        }
        // Knocking out any block of a linear chain replaces every sample by the same point, and the linear rest
        // of the chain maps it to the same output, mean(z): every block does the same damage, whatever its credit
        // (0 for the identity, -18.4 for the contraction, +4.4 for the expansion). And that damage is large: the
        // identity, which "does nothing", is as indispensable as any other block.
        double first = r.knockout().get(0).outputChange();
        assertTrue(first > 0.5, "knocking out destroys the signal: relative change " + first);
        assertTrue(r.knockout().get(0).scoreDrop() > 0.2, "every sample gets one prediction");
        for (BlockAblation b : r.knockout()) {
            assertEquals(first, b.outputChange(), 1e-9 * first, b.block());
            assertEquals(r.knockout().get(0).scoreDrop(), b.scoreDrop(), 0.0, b.block());
        }
        // So the damage order ties every block and the agreement is undefined, and said to be.
        for (AblationAgreement a : r.agreements()) {
            assertEquals(4, a.blocks().size());
            if (a.kind() == AblationKind.KNOCKOUT) {
                assertEquals(0.0, a.damageSpread(), 1e-9, "equal damages: no spread");
            }
            assertFalse(a.correlation().defined(), a.kind() + " " + a.measure());
            assertTrue(a.correlation().note().contains("ties all 4"), a.correlation().note());
        }
    }

    @Test
    void onlyTheNonLinearBlockSuffersFromLinearization() {
        JavaNetwork net = Planted.reluInTheMiddle();
        AnalysisData data = Planted.data(FIT, HELD, Planted.WIDTH, true);
        CreditResult base = CreditAnalysis.run(net, data, Planted.oneStep(FIT, HELD), ProgressListener.NONE);
        AblationResult r = AblationCheck.run(net, base, data, FIT);
        assertEquals(ScoreKind.ACCURACY, r.scoreKind());
        double identity = r.linearize().get(0).outputChange();
        double relu = r.linearize().get(1).outputChange();
        double readout = r.linearize().get(2).outputChange();
        // Identity and readout are linear: K_i is exact. The ReLU block's K_i is the best linear fit over 20
        // samples, and its ReLU cuts differ on held-out samples.
        assertTrue(identity < 1e-9 && readout < 1e-9, identity + ", " + readout);
        assertTrue(relu > 1e-3, "the ReLU block is not linear: " + relu);
        // Knockout: what follows the ReLU block is linear, so knocking out the ReLU block gives
        // readout(mean relu(...)) = mean(readout(relu(...))), exactly what knocking out the readout gives: the two
        // tie. What follows the identity is not linear: relu(W·mean(x) + b) differs from mean(relu(W·x + b)).
        double[] damage = r.knockout().stream().mapToDouble(BlockAblation::outputChange).toArray();
        assertEquals(damage[1], damage[2], 1e-9 * damage[2], "relu and readout knockouts tie");
        assertTrue(Math.abs(damage[0] - damage[1]) > 1e-3 * damage[1], "the identity's knockout differs");
        for (double d : damage) {
            assertTrue(d > 0.1, "every knockout destroys the signal: " + d);
        }
        // The reported correlation is the rank correlation of log credit and damage over the three blocks, the
        // tie counted as a tie.
        AblationAgreement k = r.agreement(AblationKind.KNOCKOUT, DamageMeasure.OUTPUT_CHANGE);
        double[] credits = base.blocks().stream().mapToDouble(b -> b.credit().logCredit()).toArray();
        double[] tied = {damage[0], damage[1], damage[1]};
        RankCorrelation expected = RankCorrelation.of(credits, tied);
        assertEquals(expected, k.correlation());
        assertEquals(List.of("identity", "relu", "readout"), k.blocks());
    }

    @Test
    void oneFittingSampleMakesEveryKnockoutTheSameAndMoreSamplesSeparateThem() {
        // The faithful default fits on one sample x₁. Knocking out block i then replaces its output by f_i(x₁),
        // and the real rest of the network maps that to the network's output on x₁: the same for every block.
        JavaNetwork net = Planted.reluInTheMiddle();
        AnalysisData data = Planted.data(FIT, HELD, Planted.WIDTH, true);
        AnalysisOptions faithful = AnalysisOptions.of(Estimator.faithful().samples(1).trials(2)).withHoldout(HELD);
        CreditResult base = CreditAnalysis.run(net, data.firstFitSamples(1), faithful, ProgressListener.NONE);
        AblationResult one = AblationCheck.run(net, base, data, 1);
        assertEquals(AblationCheck.ONE_SAMPLE, one.note());
        double first = one.knockout().get(0).outputChange();
        for (BlockAblation b : one.knockout()) {
            assertEquals(first, b.outputChange(), 1e-12 * first, b.block());
        }
        // Averaging over 20 samples: the identity's knockout passes mean(x) through the ReLU, which is not the
        // mean of the ReLU's outputs, so it no longer ties with the others (which still tie: linear rest).
        AblationResult twenty = AblationCheck.run(net, base, data, FIT);
        assertNull(twenty.note());
        assertEquals(FIT, twenty.fitSamples());
        double identity = twenty.knockout().get(0).outputChange();
        double relu = twenty.knockout().get(1).outputChange();
        assertTrue(Math.abs(identity - relu) > 1e-3 * relu, identity + " vs " + relu);
    }

    @Test
    void blocksWithoutCreditAreExcludedWithTheReason() {
        // A dead block maps everything to 0: its fitted operator is exactly zero, so it has no credit
        // (DEGENERATE); so does the ReLU block after it, whose inputs are all 0. The readout sees the constant
        // relu(bias) and keeps a rank-one credit.
        JavaNetwork net = new JavaNetwork(List.of(
                JavaNetwork.scale("identity", Planted.WIDTH, 1.0),
                JavaNetwork.of("dead", LayerType.DENSE, TensorShape.of(Planted.WIDTH), TensorShape.of(Planted.WIDTH),
                        false, x -> new double[Planted.WIDTH]),
                JavaNetwork.relu("bias", io.koopcredit.testing.TestMatrices.gaussian(Planted.WIDTH, Planted.WIDTH, 5),
                        new double[] {0.5, 0.2, 0.1, 0.3}),
                JavaNetwork.linear("readout", Planted.readout())));
        AnalysisData data = Planted.data(FIT, HELD, Planted.WIDTH, false);
        CreditResult base = CreditAnalysis.run(net, data, Planted.oneStep(FIT, HELD), ProgressListener.NONE);
        assertEquals(BlockStatus.DEGENERATE, base.blocks().get(1).status());
        assertEquals(BlockStatus.DEGENERATE, base.blocks().get(2).status());
        AblationResult r = AblationCheck.run(net, base, data, FIT);
        for (AblationAgreement a : r.agreements()) {
            assertEquals(List.of("identity", "readout"), a.blocks());
            assertEquals(List.of("dead", "bias"), a.excluded().stream().map(ExcludedBlock::block).toList());
            for (ExcludedBlock e : a.excluded()) {
                assertTrue(e.reason().startsWith("no credit (degenerate: "), e.reason());
            }
        }
        // The network's output is the constant readout(relu(bias)): no ablation can change it.
        for (BlockAblation b : r.knockout()) {
            assertEquals(0.0, b.outputChange(), 1e-12, b.block());
            assertEquals(0.0, b.scoreDrop(), 0.0, b.block());
        }
        // With no damage to order, the agreement is undefined, and the note says so.
        assertNull(r.agreement(AblationKind.KNOCKOUT, DamageMeasure.OUTPUT_CHANGE).correlation().spearman());
    }

    @Test
    void snapTiesJoinsRoundingNeighboursOnly() {
        // 1.0 and 1.0 + 1e-13 differ by rounding; 2.0 is a different value.
        double[] snapped = io.koopcredit.validation.stats.Ties.snap(new double[] {2.0, 1.0 + 1e-13, 1.0}, 1e-9, 0.0);
        assertArrayEquals(new double[] {2.0, 1.0, 1.0}, snapped, 0.0);
        // Absolute tolerance for values near zero.
        assertArrayEquals(new double[] {0.0, 0.0, 0.5},
                io.koopcredit.validation.stats.Ties.snap(new double[] {0.0, 1e-15, 0.5}, 0.0, 1e-12), 0.0);
        // Without tolerance nothing moves.
        double[] v = {3, 1, 2};
        assertArrayEquals(v, io.koopcredit.validation.stats.Ties.snap(v, 0, 0), 0.0);
    }
}
