package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.koopman.Estimator;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.Network;
import io.koopcredit.model.onnx.LoadOptions;
import io.koopcredit.model.onnx.OnnxNetwork;
import io.koopcredit.model.onnx.ResNets;
import io.koopcredit.store.MemoryLimit;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model with large blocks under the faithful estimator's scalable form (issue #10, items 1 and 3): trial
 * factors reserved at the ranks found, trial operators parked in spill files, blocks summarised in order with
 * the product carried on. The resources choose how, never what: one thread and a tight budget give the same
 * numbers, bit for bit, as two threads and a generous one.
 */
class ParkedAnalysisTest {

    /** One residual stage of 4 channels on 3 × 65 × 65 inputs: the residual unit is 16,900 wide. */
    static final ResNets.Shape WIDE = new ResNets.Shape("wide", 3, 65, 3, 1, false, new int[] {4}, 1, 10);

    @Test
    void largeBlocksGiveTheSameNumbersWhateverTheThreadsAndTheBudget(@TempDir Path dir) {
        Path file = ResNets.save(WIDE, 11, dir);
        try (Network net = OnnxNetwork.load(file, LoadOptions.defaults())) {
            BlockPartition p = net.partition(null);
            int size = net.info().inputShape().size();
            AnalysisData data = new AnalysisData("seeded", gaussian(size, 2, 1), 2, gaussian(size, 20, 2), 20, null);
            // N = 2 and 500 steps: the 16,900-wide blocks plan 2 × 501 states, above 2^24 values.
            AnalysisOptions o = AnalysisOptions.of(Estimator.faithful().samples(2).trials(2).steps(500))
                    .withHoldout(20);
            assertEquals(Formulation.SCALABLE, CreditAnalysis.formulation(o, p));
            CreditResult a = CreditAnalysis.run(net, data, o.withThreads(2).withMemory(MemoryLimit.of(6L << 30)),
                    ProgressListener.NONE);
            CreditResult b = CreditAnalysis.run(net, data, o.withThreads(1).withMemory(MemoryLimit.of(2L << 30)),
                    ProgressListener.NONE);
            int parked = 0;
            for (int i = 0; i < p.size(); i++) {
                BlockResult x = a.blocks().get(i);
                BlockResult y = b.blocks().get(i);
                assertEquals(BlockStatus.OK, x.status(), x.name());
                assertEquals(x.status(), y.status());
                assertEquals(x.operatorRank(), y.operatorRank(), x.name());
                assertEquals(x.snapshotRank(), y.snapshotRank(), x.name());
                assertEquals(x.credit().logCredit(), y.credit().logCredit(), 0.0, x.name());
                assertEquals(x.fidelity().median(), y.fidelity().median(), 0.0, x.name());
                assertEquals(x.trialCredit(), y.trialCredit(), x.name());
                if (io.koopcredit.koopman.Scale.largeSnapshots(p.block(i).nIn(), 2, 500)) {
                    parked++;
                    assertNull(a.operators().get(i), "a large block's mean operator is not kept: " + x.name());
                    assertTrue(x.operatorRank() > 0, x.name());
                } else {
                    assertNotNull(a.operators().get(i), x.name());
                }
            }
            assertTrue(parked >= 1, "some block parks its trials");
            assertNotNull(a.featureWeights(), "the product carried on through the blocks");
            for (int c = 0; c < a.featureWeights().classes(); c++) {
                assertArrayEquals(a.featureWeights().row(c), b.featureWeights().row(c), 0.0, "class " + c);
            }
            assertEquals(a.global().medianRelativeError(), b.global().medianRelativeError(), 0.0);
        }
    }

    private static float[] gaussian(int size, int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] out = new float[size * count];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) rng.nextGaussian();
        }
        return out;
    }
}
