package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.base.InputException;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.koopman.TrajectoryStats;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.LayerType;
import io.koopcredit.model.TensorShape;
import io.koopcredit.testing.JavaNetwork;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The numbers an analysis reports besides the credit, each against a planted answer: the embedding and
 * trial summaries, the timings, the competition ranking with ties, the per-sample examples and the
 * global fidelity with labels, and the checks on labels and data.
 */
class CreditSummariesTest {

    @Test
    void theEmbeddingSummaryAddsCountsTakesMediansAndWeighsNormsBySamples() {
        // steps, samples, stopped, firstStop, cycled, medianCycle, maxPeriod, converged, medianConverged,
        // computed, normFirst, normLast
        TrajectoryStats a = new TrajectoryStats(2, 10, 1, 7, 1, 4, 2, 0, -1, 15, 1.0, 3.0);
        TrajectoryStats b = new TrajectoryStats(3, 10, 2, 5, 0, -1, 0, 1, 6, 25, 2.0, 5.0);
        TrajectoryStats c = new TrajectoryStats(1, 10, 0, -1, 1, 9, 3, 1, 2, 8, 4.0, 1.0);
        EmbeddingSummary s = EmbeddingSummary.of(List.of(a, b, c));
        assertEquals(10, s.steps());
        assertEquals(6, s.trajectories());
        assertEquals(3, s.stopped());
        assertEquals(5, s.firstStopStep(), "the earliest cut over the trials");
        assertEquals(2, s.cycled());
        assertEquals(4, s.medianCycleStep(), "median of the trials' medians {4, 9}, lower middle");
        assertEquals(3, s.maxPeriod());
        assertEquals(2, s.converged());
        assertEquals(2, s.medianConvergedStep(), "median of {6, 2}: lower middle of the sorted {2, 6}");
        assertEquals(48, s.computedSteps());
        assertEquals((2 * 1.0 + 3 * 2.0 + 1 * 4.0) / 6, s.meanNormFirst(), 1e-15);
        assertEquals((2 * 3.0 + 3 * 5.0 + 1 * 1.0) / 6, s.meanNormLast(), 1e-15);

        EmbeddingSummary none = EmbeddingSummary.of(List.of(new TrajectoryStats(1, 4, 0, -1, 0, -1, 0, 0, -1, 4, 1, 1)));
        assertEquals(-1, none.firstStopStep());
        assertEquals(-1, none.medianCycleStep());
        assertEquals(-1, none.medianConvergedStep());
        assertEquals(0, none.maxPeriod());
        // A single trial with a stop at step 0 keeps it (0 is a step, -1 is none).
        assertEquals(0, EmbeddingSummary.of(List.of(new TrajectoryStats(1, 4, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1)))
                .firstStopStep());
        assertEquals(0, EmbeddingSummary.of(List.of(new TrajectoryStats(1, 4, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1)))
                .medianCycleStep());
    }

    @Test
    void theTrialSpreadIsMeanSampleStdMinMaxAndMeanRank() {
        List<BlockCredit> credits = List.of(new BlockCredit(-1.0, 2, -0.5), new BlockCredit(2.0, 4, 0.5),
                new BlockCredit(5.0, 5, 1.0));
        TrialSpread s = TrialSpread.of(credits);
        assertEquals(3, s.trials());
        assertEquals(2.0, s.mean(), 1e-15);
        assertEquals(3.0, s.std(), 1e-15, "sample standard deviation: √((9 + 0 + 9) / 2)");
        assertEquals(-1.0, s.min());
        assertEquals(5.0, s.max());
        assertEquals(11.0 / 3, s.meanRank(), 1e-15);
        TrialSpread one = TrialSpread.of(List.of(new BlockCredit(-4.0, 2, -2.0)));
        assertEquals(0.0, one.std());
        assertEquals(-4.0, one.min());
        assertEquals(-4.0, one.max());
        assertNull(TrialSpread.of(List.of()));
    }

    @Test
    void timingsAreElapsedSecondsWithinTheWallClockTimeOfTheRun() {
        for (Estimator e : List.of(Estimator.faithful().samples(2).trials(2), Estimator.onestep().samples(20),
                Estimator.pca().samples(20))) {
            AnalysisOptions opts = AnalysisOptions.of(e).withHoldout(10).withThreads(2);
            long start = System.nanoTime();
            CreditResult r = CreditAnalysis.run(CreditAnalysisTest.reluChain(), CreditAnalysisTest.data(e.samples(), 10, 16),
                    opts, ProgressListener.NONE);
            double wall = (System.nanoTime() - start) * 1e-9;
            Timings t = r.timings();
            String what = e.kind() + " " + t;
            assertTrue(t.total() > 0 && t.total() <= wall, what);
            for (double stage : new double[] {t.activations(), t.estimation(), t.global()}) {
                assertTrue(stage >= 0 && stage <= t.total(), what);
            }
            assertTrue(t.activations() + t.estimation() + t.global() <= t.total() * (1 + 1e-9), what);
            assertEquals(2, t.threads());
            assertEquals(3, t.blocks().size());
            for (BlockTimings b : t.blocks()) {
                // Thread-seconds summed over trials: at most the threads' share of the wall-clock time.
                for (double v : new double[] {b.embedding(), b.dmd(), b.credit(), b.fidelity()}) {
                    assertTrue(v >= 0 && v <= 2 * wall, what);
                }
            }
            assertTrue(t.blocks().stream().mapToDouble(BlockTimings::dmd).sum() > 0, what + ": DMD took time");
        }
    }

    /**
     * Two identity blocks one after the other see the same inputs and give the same outputs, so their fits
     * and credits are bit-identical: equal credits share their competition rank and the next is skipped.
     */
    @Test
    void equalCreditsShareARankAndTheNextRankIsSkipped() {
        JavaNetwork net = new JavaNetwork(List.of(JavaNetwork.linear("big", Matrix.diagonal(new double[] {3, 3, 3})),
                identity("a"), identity("b"), JavaNetwork.linear("small", Matrix.diagonal(new double[] {0.1, 1, 1}))));
        AnalysisOptions opts = AnalysisOptions.of(Estimator.onestep().samples(6)).withHoldout(4).withThreads(1);
        CreditResult r = CreditAnalysis.run(net, CreditAnalysisTest.data(6, 4, 3), opts, ProgressListener.NONE);
        assertEquals(List.of(1, 2, 2, 4), r.blocks().stream().map(BlockResult::creditRank).toList());
        assertEquals(3 * Math.log(3), r.blocks().get(0).credit().logCredit(), 1e-12);
        assertEquals(0.0, r.blocks().get(1).credit().logCredit(), 1e-12);
        assertEquals(r.blocks().get(1).credit().logCredit(), r.blocks().get(2).credit().logCredit(), 0.0);
        // Square blocks of one order: Theorem 5's sensitivity n·Σ_{s≠i} log|det K_s| (n = 3).
        double total = 3 * Math.log(3) + Math.log(0.1);
        for (int i = 0; i < 4; i++) {
            double others = total - r.blocks().get(i).credit().logCredit();
            assertEquals(3 * others, r.blocks().get(i).sensitivity().logSensitivity(), 1e-9);
        }
    }

    private static JavaNetwork.JavaLayer identity(String name) {
        return JavaNetwork.of(name, LayerType.DENSE, TensorShape.of(3), TensorShape.of(3), false, x -> x.clone());
    }

    /**
     * A 2-class network f(x) = W·x on 2 inputs, held-out samples with planted labels: the examples are the
     * first held-out sample of each class, sorted by class, and the accuracies count the planted labels.
     */
    @Test
    void examplesAndGlobalFidelityFollowTheLabels() {
        JavaNetwork net = new JavaNetwork(List.of(JavaNetwork.linear("swap",
                Matrix.fromRows(new double[][] {{0, 1}, {1, 0}}))));
        float[] fit = {1, 0, 0, 1, 1, 1};
        // Held out: predictions (argmax of the swapped sample) 0, 1, 0, 1, 0; labels 1, 0, 0, 1, 1: two right.
        float[] held = {0.1f, 0.9f, 0.8f, 0.2f, 0.3f, 0.6f, 0.7f, 0.1f, 0.2f, 0.4f};
        int[] labels = {1, 0, 0, 1, 1};
        AnalysisData d = new AnalysisData("planted", fit, 3, held, 5, labels);
        AnalysisOptions opts = AnalysisOptions.of(Estimator.onestep().samples(3)).withHoldout(5).withThreads(1);
        CreditResult r = CreditAnalysis.run(net, d, opts, ProgressListener.NONE);
        GlobalFidelity g = r.global();
        assertEquals(5, g.samples());
        assertEquals(1.0, g.agreement(), "K = W exactly: the product always agrees with the network");
        assertEquals(2.0 / 5, g.networkAccuracy(), 1e-15);
        assertEquals(2.0 / 5, g.operatorAccuracy(), 1e-15);
        assertEquals(0.0, g.medianRelativeError(), 1e-12);
        assertEquals(2, r.examples().size(), "one example per class present");
        Example first = r.examples().get(0);
        assertEquals(1, first.index(), "class 0 first: its first held-out sample is #1");
        assertEquals(0, first.label());
        assertEquals(0.8f, first.input()[0]);
        assertEquals(0.2f, first.input()[1]);
        assertEquals(1, first.networkPrediction());
        assertEquals(1, first.operatorPrediction());
        Example second = r.examples().get(1);
        assertEquals(0, second.index());
        assertEquals(1, second.label());
        assertEquals(0, second.networkPrediction());
        assertEquals(0, second.operatorPrediction());

        // Without labels: the first samples in order, no accuracies.
        CreditResult unlabelled = CreditAnalysis.run(net, new AnalysisData("planted", fit, 3, held, 5, null), opts,
                ProgressListener.NONE);
        assertEquals(List.of(0, 1, 2, 3, 4), unlabelled.examples().stream().map(Example::index).toList());
        assertNull(unlabelled.global().networkAccuracy());
        assertNull(unlabelled.examples().get(0).label());
        assertEquals(1, unlabelled.examples().get(1).networkPrediction());
        assertEquals(0, unlabelled.examples().get(4).networkPrediction());
    }

    /**
     * One ReLU block fitted on positive inputs (K = I, as in PlantedFidelityTest), held-out samples (2, −2e)
     * with e = 0.2, 0.9, 0.1 and one sample whose output is zero: the product K = K_1 errs by e on each, the
     * zero output is left out, the median relative error is 0.2.
     */
    @Test
    void globalFidelityIsTheMedianRelativeErrorOfTheProductOverNonZeroOutputs() {
        float[] held = {2f, -0.4f, -1f, -1f, 2f, -1.8f, 2f, -0.2f};
        AnalysisData d = new AnalysisData("planted", PlantedFidelityTest.reluData().fit(), 5, held, 4, null);
        AnalysisOptions opts = AnalysisOptions.of(Estimator.onestep().samples(5)).withHoldout(4).withThreads(1);
        CreditResult r = CreditAnalysis.run(PlantedFidelityTest.relu2(), d, opts, ProgressListener.NONE);
        assertEquals(0.2, r.global().medianRelativeError(), 1e-6);
        assertEquals(0.2, r.blocks().get(0).fidelity().median(), 1e-6);
        assertEquals(3, r.blocks().get(0).fidelity().samples());
        assertEquals(1, r.blocks().get(0).fidelity().skipped());
        assertEquals(4, r.global().samples());
    }

    /**
     * A faithful run on a planted S2L block f(x) = W·x, 3 → 5, then 5 → 2: Theorem 4's residual is √(5 − 3) and
     * 0, every trial embeds N = 2 trajectories of 2d steps (d = 3 and 2: the smallest width of the aligned
     * block), the per-trial summaries are consistent,
     * and the progress listener hears every trial once, up to the total of blocks × trials.
     */
    @Test
    void aFaithfulRunReportsItsTrialsEmbeddingAndProgress() {
        JavaNetwork net = new JavaNetwork(List.of(JavaNetwork.linear("up",
                io.koopcredit.testing.TestMatrices.gaussian(5, 3, 4)), JavaNetwork.linear("down",
                io.koopcredit.testing.TestMatrices.gaussian(2, 5, 5))));
        AnalysisOptions opts = AnalysisOptions.of(Estimator.faithful().samples(2).trials(3)).withHoldout(4)
                .withThreads(2);
        java.util.List<int[]> heard = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.List<String> passes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        CreditResult r = CreditAnalysis.run(net, CreditAnalysisTest.data(2, 4, 3), opts, (stage, done, total) -> {
            if (stage.equals("trials")) {
                heard.add(new int[] {done, total});
            } else {
                passes.add(stage + " " + done + "/" + total);
            }
        });
        BlockResult up = r.blocks().get(0);
        assertEquals(Math.sqrt(2), up.alignmentResidual(), 1e-12);
        assertEquals(0.0, r.blocks().get(1).alignmentResidual(), 1e-12, "L2S: B·A = I");
        for (BlockResult b : r.blocks()) {
            int steps = 2 * Math.min(b.block().nIn(), b.block().nOut());
            assertEquals(3, b.trials());
            assertEquals(steps, b.steps());
            assertEquals(2 * steps, b.nominalPairs(), b.name() + ": 2 trajectories of 2d steps");
            assertTrue(b.distinctPairs() >= 1 && b.distinctPairs() <= 2 * steps, b.name());
            assertTrue(1 <= b.snapshotRankMin() && b.snapshotRankMin() <= b.snapshotRank()
                    && b.snapshotRank() <= b.snapshotRankMax(), b.name());
            assertTrue(b.snapshotCondition() != null && b.snapshotCondition() >= 1, b.name());
            assertEquals(3, b.trialCredit().trials(), b.name());
            assertTrue(b.trialCredit().min() <= b.trialCredit().mean() && b.trialCredit().mean() <= b.trialCredit().max());
            assertEquals(2 * 3, b.embedding().trajectories(), b.name() + ": N trajectories per trial");
        }
        assertEquals(java.util.List.of("activations (fitting samples) 0/2", "activations (fitting samples) 2/2",
                "activations (held-out samples) 0/4", "activations (held-out samples) 4/4"), passes,
                "the network's passes report their start and their samples (one chunk each here)");
        assertEquals(7, heard.size(), "the stage's start, then one update per (block, trial)");
        assertEquals(0, heard.get(0)[0], "the start comes first");
        assertTrue(heard.stream().allMatch(u -> u[1] == 6), "the total is blocks × trials");
        assertEquals(java.util.Set.of(0, 1, 2, 3, 4, 5, 6), heard.stream().map(u -> u[0]).collect(
                java.util.stream.Collectors.toSet()));
    }

    /** Inputs that vary and a block whose output is zero: DMD keeps directions, but K_i is the zero map. */
    @Test
    void aZeroOperatorIsDegenerateForThatReason() {
        JavaNetwork net = new JavaNetwork(List.of(JavaNetwork.of("zero", LayerType.DENSE, TensorShape.of(3),
                TensorShape.of(2), false, x -> new double[2])));
        AnalysisOptions opts = AnalysisOptions.of(Estimator.onestep().samples(5)).withHoldout(3).withThreads(1);
        BlockResult b = CreditAnalysis.run(net, CreditAnalysisTest.data(5, 3, 3), opts, ProgressListener.NONE)
                .blocks().get(0);
        assertEquals(BlockStatus.DEGENERATE, b.status());
        assertEquals("the operator K_i is zero at the credit tolerance: no volume to measure", b.reason());
        assertEquals(3, b.snapshotRank());
        assertEquals(0, b.operatorRank());
        assertNull(b.fidelity());
    }

    @Test
    void labelsOutsideTheModelsClassesAreAUserErrorAtBothEnds() {
        JavaNetwork net = new JavaNetwork(List.of(JavaNetwork.linear("id", Matrix.identity(2))));
        AnalysisOptions opts = AnalysisOptions.of(Estimator.onestep().samples(2)).withHoldout(2).withThreads(1);
        float[] fit = {1, 0, 0, 1};
        for (int bad : new int[] {2, -1}) {
            AnalysisData d = new AnalysisData("planted", fit, 2, fit.clone(), 2, new int[] {1, bad});
            InputException e = assertThrows(InputException.class, () -> CreditAnalysis.run(net, d, opts,
                    ProgressListener.NONE));
            assertTrue(e.getMessage().contains("label " + bad + " of held-out sample 1 is not a class of the model"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("expected labels from 0 to 1"), e.getMessage());
            assertTrue(e.getMessage().contains("found 1 of 2 labels outside that range"), e.getMessage());
        }
        // Class 0 and the last class are fine.
        CreditResult ok = CreditAnalysis.run(net, new AnalysisData("planted", fit, 2, fit.clone(), 2, new int[] {0, 1}),
                opts, ProgressListener.NONE);
        assertEquals(1.0, ok.global().networkAccuracy());
    }

    @Test
    void theDataMustFitTheNetworkAndTheOptions() {
        JavaNetwork net = new JavaNetwork(List.of(JavaNetwork.of("id", LayerType.DENSE, TensorShape.of(3),
                TensorShape.of(3), false, x -> x.clone())));
        AnalysisOptions opts = AnalysisOptions.of(Estimator.onestep().samples(2)).withHoldout(1).withThreads(1);
        AnalysisData wrongWidth = new AnalysisData("w", new float[4], 2, new float[2], 1, null);
        InputException e = assertThrows(InputException.class, () -> CreditAnalysis.run(net, wrongWidth, opts,
                ProgressListener.NONE));
        assertTrue(e.getMessage().contains("samples of 2 values do not fit the model input"), e.getMessage());
        AnalysisData wrongCount = new AnalysisData("w", new float[9], 3, new float[3], 1, null);
        assertThrows(IllegalArgumentException.class, () -> CreditAnalysis.run(net, wrongCount, opts,
                ProgressListener.NONE));
        // AnalysisData itself: counts of at least one, whole samples, equal widths, one label per held-out sample.
        assertThrows(IllegalArgumentException.class, () -> new AnalysisData("x", new float[0], 0, new float[3], 1, null));
        assertThrows(IllegalArgumentException.class, () -> new AnalysisData("x", new float[3], 1, new float[0], 0, null));
        assertThrows(IllegalArgumentException.class, () -> new AnalysisData("x", new float[3], 2, new float[3], 1, null));
        assertThrows(IllegalArgumentException.class, () -> new AnalysisData("x", new float[3], 1, new float[2], 1, null));
        assertThrows(IllegalArgumentException.class, () -> new AnalysisData("x", new float[3], 1, new float[3], 1,
                new int[2]));
        assertThrows(IllegalArgumentException.class, () -> new AnalysisData("x", new float[] {0, Float.NaN, 0}, 1,
                new float[3], 1, null));
        assertEquals(3, new AnalysisData("x", new float[3], 1, new float[3], 1, new int[1]).sampleSize());
    }
}
