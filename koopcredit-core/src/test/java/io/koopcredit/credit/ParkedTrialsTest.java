package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.koopman.Estimator;
import io.koopcredit.koopman.KoopmanOperator;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.Block;
import io.koopcredit.model.Layer;
import io.koopcredit.model.LayerType;
import io.koopcredit.model.TensorShape;
import io.koopcredit.testing.JavaNetwork;
import io.koopcredit.testing.TestMatrices;
import io.koopcredit.store.ColumnStore;
import io.koopcredit.store.MemoryBudget;
import io.koopcredit.store.Stores;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The faithful estimator's scalable form on large blocks (issue #10, item 3): trial operators parked in spill
 * files come back bit for bit, and a trial's rank-sized factors are reserved at the rank found by extending the
 * reservation of the trial running on the thread.
 */
class ParkedTrialsTest {
    private static final long MIB = 1L << 20;

    private static Block dense(int index, String name, int nIn, int nOut) {
        return new Block(index, name, List.of(new Layer(name, LayerType.DENSE, List.of("Gemm"), TensorShape.of(nIn),
                TensorShape.of(nOut), 1, 0)));
    }

    @Test
    void aParkedOperatorComesBackBitForBitFromSpillFiles(@TempDir Path dir) {
        MemoryBudget budget = MemoryBudget.of(1024 * MIB, 4096 * MIB);
        KoopmanOperator k = KoopmanOperator.fromFactors(TestMatrices.gaussian(37, 3, 1), TestMatrices.gaussian(23, 3, 2),
                null);
        try (Stores stores = new Stores(budget, dir);
             CompactFaithful.Parked p = CompactFaithful.Parked.of(k, stores, "operator-0-1")) {
            assertFalse(p.u().inMemory(), "in a spill file");
            assertFalse(p.v().inMemory());
            assertEquals(0, budget.reserved(), "parked operators take no memory");
            KoopmanOperator back = p.restore();
            assertArrayEquals(k.u().toColumnMajor(), back.u().toColumnMajor(), 0.0);
            assertArrayEquals(k.v().toColumnMajor(), back.v().toColumnMajor(), 0.0);
            assertArrayEquals(k.singularValues(), back.singularValues(), 0.0);
            assertNull(back.offset());
            KoopmanOperator affine = new KoopmanOperator(k.u(), k.singularValues(), k.v(), new double[37]);
            assertThrows(IllegalArgumentException.class, () -> CompactFaithful.Parked.of(affine, stores, "affine"));
            assertThrows(IllegalArgumentException.class,
                    () -> CompactFaithful.Parked.of(KoopmanOperator.zero(4, 5, null), stores, "zero"));
        }
    }

    @Test
    void aTrialReservesItsFactorsAtTheRankFoundAndReturnsThemWhenDone(@TempDir Path dir) {
        MemoryBudget budget = MemoryBudget.of(1024 * MIB, 4096 * MIB);
        MemoryModel.Need perRank = new MemoryModel.Need(3 * MIB, MIB);
        try (Stores stores = new Stores(budget, dir)) {
            CompactFaithful.TrialSpace space = CompactFaithful.snapshotSpace(Estimator.faithful(),
                    Formulation.SCALABLE, stores);
            assertNull(CompactFaithful.snapshotSpace(Estimator.faithful(), Formulation.DENSE, stores));
            assertNull(CompactFaithful.snapshotSpace(Estimator.onestep(), Formulation.SCALABLE, stores));
            space.rankFound(40);
            assertEquals(0, budget.reserved(), "no trial bound to this thread: nothing to extend");
            try (ColumnStore states = space.columns(1000, 4, "states")) {
                assertFalse(states.inMemory(), "a large trial's states always go to spill files");
                assertEquals(0, budget.reserved());
            }
            try (MemoryBudget.Reservation task = budget.reserve(10 * MIB, 0, "block b (trial 1)")) {
                try (CompactFaithful.TrialSpace.TrialMemory bound = space.during(task, perRank, "block b (trial 1)")) {
                    space.rankFound(1);
                    assertEquals(10 * MIB, budget.reserved(), "rank 1 is in the trial's own reservation");
                    space.rankFound(5);
                    assertEquals(10 * MIB + 4 * 4 * MIB, budget.reserved(), "four more units of the rank");
                }
                assertEquals(10 * MIB, budget.reserved(), "the extension ends with the trial");
                space.rankFound(5);
                assertEquals(10 * MIB, budget.reserved(), "and the thread is no longer bound");
                try (CompactFaithful.TrialSpace.TrialMemory bound = space.during(task, perRank, "block b (trial 2)")) {
                    io.koopcredit.base.InvalidOptionException e = assertThrows(
                            io.koopcredit.base.InvalidOptionException.class, () -> space.rankFound(1000));
                    assertTrue(e.getMessage().startsWith("memory: block b (trial 2) (its factors at the rank found,"
                            + " 1000) needs "), e.getMessage());
                }
            }
            assertEquals(0, budget.reserved());
        }
    }

    @Test
    void onlyLargeSnapshotsUnderTheScalableFaithfulFormParkAndThePlanCountsOneRankPerTrial() {
        Block wide = dense(0, "wide", 20000, 20000);
        Block narrow = dense(1, "narrow", 100, 100);
        Estimator.Faithful f = Estimator.faithful().samples(1).trials(10);
        assertTrue(CompactFaithful.parks(f, Formulation.SCALABLE, wide, 1, 2000));
        assertFalse(CompactFaithful.parks(f, Formulation.DENSE, wide, 1, 2000));
        assertFalse(CompactFaithful.parks(Estimator.onestep(), Formulation.SCALABLE, wide, 1, 2000));
        assertFalse(CompactFaithful.parks(f, Formulation.SCALABLE, narrow, 1, 2000));
        assertFalse(CompactFaithful.parks(f, Formulation.SCALABLE, wide, 1, 100), "few steps: small snapshots");
        // The trial's plan is its rank-1 need; each further unit of the rank is one storedTrialPerRank.
        MemoryModel.Need one = MemoryModel.storedTrial(f, wide, 1, 2000, 1);
        MemoryModel.Need per = MemoryModel.storedTrialPerRank(wide, 1, 2000);
        assertEquals(one, DensePlan.trialNeed(f, Formulation.SCALABLE, wide, 1, 2000));
        assertEquals(one.plus(per.times(6)), MemoryModel.storedTrial(f, wide, 1, 2000, 7));
        assertEquals(MemoryModel.storedTrial(f, wide, 1, 2000, 0), one, "rank 0 is planned as rank 1");
        long p = Math.min(2001, MemoryModel.COMPACT_EXPECTED_STATES);
        long tile = Math.min(20000, io.koopcredit.koopman.StoredDmd.tileRows((int) p)) * p;
        assertEquals(new MemoryModel.Need(MemoryModel.D * (2 * tile / p + 7 * 20000), MemoryModel.D * (p + 4 * 20000)),
                per);
    }

    @Test
    void theProductsPlanFollowsTheLeastRankSoFar() {
        io.koopcredit.model.BlockPartition p = new JavaNetwork(List.of(
                JavaNetwork.linear("a", TestMatrices.gaussian(300, 50, 1)),
                JavaNetwork.linear("b", TestMatrices.gaussian(20, 300, 2)))).partition(null);
        MemoryModel.Need one = MemoryModel.denseGlobal(p, 1, 10);
        // Ranks 7 then 40: the product has rank at most 7 at both steps; the widest step is the first (50 + 300).
        MemoryModel.Need chain = MemoryModel.denseGlobal(p, new long[] {7, 40}, 10);
        long widest = 350;
        long steps = Math.max((50 + 300) * 7, (50 + 20) * 7);
        assertEquals(one.heap() + MemoryModel.D * 4 * (steps - widest), chain.heap());
        assertEquals(one.offHeap() + MemoryModel.D * 3 * (steps - widest), chain.offHeap());
        MemoryModel.Need later = MemoryModel.denseGlobal(p, new long[] {40, 7}, 10);
        assertEquals(one.heap() + MemoryModel.D * 4 * ((50 + 300) * 40 - widest), later.heap());
        assertTrue(MemoryModel.denseGlobal(p, new long[] {0, 0}, 10).equals(one), "rank 0 counts as 1");
    }

    @Test
    void theMeanOfParkedTrialsIsTheMeanOfTheOperatorsBitForBit(@TempDir Path dir) {
        MemoryBudget budget = MemoryBudget.of(1024 * MIB, 4096 * MIB);
        List<KoopmanOperator> ops = List.of(
                KoopmanOperator.fromFactors(TestMatrices.gaussian(41, 3, 3), TestMatrices.gaussian(29, 3, 4), null),
                KoopmanOperator.zero(41, 29, null),
                KoopmanOperator.fromFactors(TestMatrices.gaussian(41, 5, 5), TestMatrices.gaussian(29, 5, 6), null));
        KoopmanOperator expected = KoopmanOperator.mean(ops);
        try (Stores stores = new Stores(budget, dir)) {
            CompactFaithful.Parked[] parked = {CompactFaithful.Parked.of(ops.get(0), stores, "a"), null,
                    CompactFaithful.Parked.of(ops.get(2), stores, "c")};
            KoopmanOperator mean = CompactFaithful.meanOfParked(parked, 41, 29);
            assertArrayEquals(expected.singularValues(), mean.singularValues(), 0.0);
            assertArrayEquals(expected.u().toColumnMajor(), mean.u().toColumnMajor(), 0.0);
            assertArrayEquals(expected.v().toColumnMajor(), mean.v().toColumnMajor(), 0.0);
            assertEquals(8, mean.rank(), "3 + 5 directions, divided by T = 3 trials");
            KoopmanOperator none = CompactFaithful.meanOfParked(new CompactFaithful.Parked[] {null, null}, 41, 29);
            assertEquals(0, none.rank());
            for (CompactFaithful.Parked p : parked) {
                if (p != null) {
                    p.close();
                }
            }
        }
    }

    @Test
    void aParkedSummaryNeedsItsStackedFactorsOrTheProductsStepWhicheverIsLarger() {
        Block b = dense(1, "b", 1000, 300);
        // Rank 10, a chunk of 7 samples: (4 · 300 + 3 · 1000) · 10 values and 7 · (1000 + 600) on the heap.
        MemoryModel.Need s = MemoryModel.parkedSummary(b, 10, 7, 500, 0);
        assertEquals(new MemoryModel.Need(MemoryModel.D * (4200L * 10 + 7L * 1600), MemoryModel.D * (4200L * 10
                + 7L * 1300)), s);
        assertEquals(s, MemoryModel.parkedSummary(b, 10, 7, 500, 3), "a small step fits in the summary's memory");
        MemoryModel.Need step = MemoryModel.parkedSummary(b, 10, 7, 50000, 10);
        assertEquals(new MemoryModel.Need(MemoryModel.D * (4L * 300 + 2L * 50000) * 10, MemoryModel.D * (3L * 300
                + 2L * 50000) * 10), step, "a product over 50,000 inputs");
        assertEquals(MemoryModel.parkedSummary(b, 1, 7, 500, 0), MemoryModel.parkedSummary(b, 0, 7, 500, 0),
                "rank 0 is planned as 1");
    }
}
