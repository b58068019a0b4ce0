package io.koopcredit.validation.pruning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.base.InvalidOptionException;
import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.CreditAnalysis;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.ProgressListener;
import io.koopcredit.credit.Workers;
import io.koopcredit.linalg.Vectors;
import io.koopcredit.model.ConvKernel;
import io.koopcredit.model.Convolution;
import io.koopcredit.model.Network;
import io.koopcredit.model.onnx.GraphBuilder;
import io.koopcredit.model.onnx.OnnxNetwork;
import io.koopcredit.model.onnx.TestModels;
import io.koopcredit.model.onnx.TestModels.ResNetVariant;
import io.koopcredit.validation.Planted;
import io.koopcredit.validation.stats.Criterion;
import io.koopcredit.validation.stats.RankingScope;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pruning curves on a tiny residual network: which kernels go, and what the pruned network scores. */
class PruningCheckTest {

    private static final int FIT = 40;
    private static final int HELD = 30;

    @TempDir
    Path dir;

    private static PruningResult run(Network net, CreditResult base, AnalysisData data, PruningPlan plan,
                                     int threads) {
        ExecutorService pool = Workers.pool(threads, "test");
        try {
            return PruningCheck.run(net, base, data, plan, pool, ProgressListener.NONE);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theCurvesPruneTheRoundedFractionOfTheCandidatesAndL1PruningZeroesTheSmallestNorms() {
        AnalysisData data = Planted.data(FIT, HELD, 36, 0);
        PruningPlan plan = new PruningPlan(List.of(0.25, 0.5), 2);
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.tinyResNet(dir, ResNetVariant.INTACT, false))) {
            CreditResult base = CreditAnalysis.run(net, data, Planted.oneStep(FIT, HELD), ProgressListener.NONE);
            PruningResult r = run(net, base, data, plan, 2);
            assertEquals(List.of("stem", "unit1_conv2", "unit2_proj", "unit2_conv2"), r.layers());
            assertEquals(14, r.candidates());
            assertEquals(2, r.excluded().size(), "the branches' first convolutions: " + r.excluded());
            assertEquals(2 * 4, r.curves().size(), "scopes x criteria");
            // Global: round(0.25 * 14) = 4 (3.5 rounds up), round(0.5 * 14) = 7; per layer (3, 3, 4, 4 kernels):
            // round(0.75) + round(0.75) + 1 + 1 = 4 and round(1.5) + round(1.5) + 2 + 2 = 8.
            for (Criterion c : Criterion.values()) {
                assertEquals(List.of(4, 7), r.curve(RankingScope.GLOBAL, c).points().stream()
                        .map(PruningPoint::pruned).toList());
                assertEquals(List.of(4, 8), r.curve(RankingScope.PER_LAYER, c).points().stream()
                        .map(PruningPoint::pruned).toList());
            }
            // L1 pruning at 50%, globally: the 7 candidates with the smallest Σ|W[c, …]|, measured here directly.
            List<ConvKernel> smallest = new ArrayList<>();
            record K(ConvKernel kernel, double l1) {
            }
            List<K> all = new ArrayList<>();
            for (Convolution conv : net.convolutions(base.partition())) {
                if (conv.blockChannels()) {
                    for (int ch = 0; ch < conv.channels(); ch++) {
                        all.add(new K(new ConvKernel(conv.layer(), ch), conv.channelL1().get(ch)));
                    }
                }
            }
            all.stream().sorted(Comparator.comparingDouble(K::l1)).limit(7).forEach(k -> smallest.add(k.kernel()));
            double[] z = net.outputs(data.holdout(), HELD);
            try (Network pruned = net.withZeroedKernels(smallest)) {
                double[] p = pruned.outputs(data.holdout(), HELD);
                int agree = 0;
                for (int j = 0; j < HELD; j++) {
                    agree += Vectors.argmax(z, j * 3, 3) == Vectors.argmax(p, j * 3, 3) ? 1 : 0;
                }
                PruningPoint half = r.curve(RankingScope.GLOBAL, Criterion.L1_NORM).points().get(1);
                assertEquals((double) agree / HELD, half.score(), 1e-15);
                assertNull(half.scoreSd());
            }
            PruningPoint random = r.curve(RankingScope.GLOBAL, Criterion.RANDOM).points().get(1);
            assertEquals(2, random.seedScores().size());
            assertEquals((random.seedScores().get(0) + random.seedScores().get(1)) / 2, random.score(), 1e-15);
            assertEquals(Math.abs(random.seedScores().get(0) - random.seedScores().get(1)) / Math.sqrt(2),
                    random.scoreSd(), 1e-15);
            assertEquals(r, run(net, base, data, plan, 1), "the same curves whatever the threads");
        }
    }

    @Test
    void aNetworkWithoutConvolutionsCannotBePruned() {
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.mlp81(dir, GraphBuilder.DYNAMIC))) {
            InvalidOptionException e = assertThrows(InvalidOptionException.class,
                    () -> PruningCheck.candidates(net, net.partition(null)));
            assertEquals("pruning: expected a network with convolution kernels that a kernel credit ranks (a block "
                    + "ending in a convolution's channels), found no convolution (layers: dense1, dense2, dense3, "
                    + "dense4)", e.getMessage());
        }
        // Convolutions whose channels a dense layer of the same block mixes have no kernel credit.
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.lenet(dir, GraphBuilder.Naming.PYTORCH))) {
            InvalidOptionException e = assertThrows(InvalidOptionException.class,
                    () -> PruningCheck.candidates(net, net.partition("conv1-dense3")));
            assertTrue(e.getMessage().contains("found none: conv1: its channels are mixed by")
                    || e.getMessage().contains("found none: conv1: the output of block"), e.getMessage());
        }
    }

    @Test
    void fractionsMustLieStrictlyBetweenZeroAndOneAndIncrease() {
        for (double bad : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
            InvalidOptionException e = assertThrows(InvalidOptionException.class,
                    () -> new PruningPlan(List.of(0.1, bad), 5));
            assertTrue(e.getMessage().startsWith("pruningFractions: expected fractions in (0, 1), found "),
                    e.getMessage());
        }
        assertEquals("pruningFractions: expected increasing fractions, found 0.3 before 0.2",
                assertThrows(InvalidOptionException.class, () -> new PruningPlan(List.of(0.3, 0.2), 5)).getMessage());
        assertEquals("pruningSeeds: expected 2..100, found 1",
                assertThrows(InvalidOptionException.class, () -> new PruningPlan(List.of(0.3), 1)).getMessage());
        assertEquals(List.of(0.05, 0.1, 0.2, 0.3, 0.4, 0.5), PruningPlan.defaults().fractions());
    }
}
