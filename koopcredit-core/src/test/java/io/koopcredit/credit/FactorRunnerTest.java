package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.base.InputException;
import io.koopcredit.data.Preprocessing;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.model.Network;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.model.StoredActivations;
import io.koopcredit.model.onnx.LoadOptions;
import io.koopcredit.model.onnx.OnnxNetwork;
import io.koopcredit.store.ColumnStore;
import io.koopcredit.store.MemoryColumns;
import io.koopcredit.testing.CountingNetwork;
import io.koopcredit.testing.JavaNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The seam through which a cluster computes the Gram form's per-boundary statistics
 * ({@link FactorRunner}): a runner that computes them elsewhere from the job alone (its own pass over the
 * samples, in the driver's chunks, and {@link BoundaryPass} over the tiles in order) gives the same result
 * as this JVM's threads, bit for bit; a trial runner that cannot compute them is refused in one line.
 */
class FactorRunnerTest {

    /**
     * A runner that sees only the job: its own blocks compiled from the job's network and its own pass, tile
     * after tile, as a cluster's tasks do; the second stage fed from the same tiles.
     */
    static final class Elsewhere implements TrialRunner, FactorRunner {
        final AtomicInteger jobs = new AtomicInteger();
        final AtomicInteger kernelsRead = new AtomicInteger();
        final AtomicInteger requestsRead = new AtomicInteger();
        final AtomicInteger samplesRead = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public List<BlockFits> fitAll(TrialRunner.Job job) {
            throw new AssertionError("the Gram form has no (block, trial) pairs");
        }

        @Override
        public Pass factorAll(FactorRunner.Job job) {
            jobs.incrementAndGet();
            var p = job.blocks().partition();
            PartitionedNetwork own = job.network().compile(p, io.koopcredit.model.Precision.FLOAT32, false);
            StoredActivations fit = pass(own, job.fitSamples(), job.fitCount());
            StoredActivations held = pass(own, job.heldSamples(), job.heldCount());
            List<Boundary> out = new ArrayList<>();
            for (int b = 0; b <= p.size(); b++) {
                BoundaryPass pass = new BoundaryPass(p, b, job.fitCount(), job.heldCount());
                List<double[]> kernels = new ArrayList<>();
                for (BoundaryPass.Tile t : pass.tiles()) {
                    double[][] zy = tile(fit, held, b, t);
                    pass.add(zy[0], zy[1], (column, square) -> kernels.add(square));
                }
                BoundaryPass.Statistics s = pass.finish().orElse(null);
                if (s == null) {
                    // as a cluster does: the Householder fold over the same tiles, read again
                    BoundaryPass again = pass.fallback();
                    kernels.clear();
                    for (BoundaryPass.Tile t : again.tiles()) {
                        again.add(tile(fit, held, b, t)[0], new double[0], (column, square) -> kernels.add(square));
                    }
                    s = again.finish().orElseThrow();
                }
                out.add(new Boundary(s, kernels));
            }
            ColumnStore last = fit.boundaries().get(p.size());
            double[] fitOut = new double[last.rows() * fit.count()];
            last.getTile(0, last.rows(), 0, fit.count(), fitOut);
            double[] heldOut = held.boundaries().get(p.size()).toArray();
            return new Pass() {
                @Override
                public List<Boundary> boundaries() {
                    return out;
                }

                @Override
                public double[] fitOutputs() {
                    return fitOut;
                }

                @Override
                public double[] heldOutputs() {
                    return heldOut;
                }

                @Override
                public List<BoundaryReads.Answer> read(List<BoundaryReads.Request> requests) {
                    List<BoundaryReads.Answer> answers = new ArrayList<>();
                    for (BoundaryReads.Request q : requests) {
                        requestsRead.incrementAndGet();
                        kernelsRead.addAndGet(q.kernels());
                        samplesRead.addAndGet(q.samples().length);
                        BoundaryReads.Reader reader = new BoundaryReads.Reader(q);
                        for (BoundaryPass.Tile t : BoundaryPass.tiles(p, q.boundary(), job.fitCount())) {
                            double[][] zy = tile(fit, held, q.boundary(), t);
                            reader.add(t.from(), t.to(), zy[0], BoundaryReads.chosenColumns(zy[1], t.height(),
                                    q.samples()));
                        }
                        answers.add(reader.finish());
                    }
                    return answers;
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                    fit.close();
                    held.close();
                    own.close();
                }
            };
        }

        private static double[][] tile(StoredActivations fit, StoredActivations held, int b, BoundaryPass.Tile t) {
            double[] z = new double[t.height() * fit.count()];
            fit.boundaries().get(b).getTile(t.from(), t.to(), 0, fit.count(), z);
            double[] y = new double[t.height() * held.count()];
            held.boundaries().get(b).getTile(t.from(), t.to(), 0, held.count(), y);
            return new double[][] {z, y};
        }

        private static StoredActivations pass(PartitionedNetwork blocks, float[] samples, int count) {
            return blocks.activations(samples, count, (b, rows, cols, element) -> new MemoryColumns(rows, cols,
                    element), 1, done -> { });
        }
    }

    /** Every value of two results the same bits (the timings aside). */
    static void assertSameBits(CreditResult here, CreditResult there) {
        assertEquals(here.blocks().size(), there.blocks().size());
        for (int i = 0; i < here.blocks().size(); i++) {
            BlockResult a = here.blocks().get(i);
            BlockResult b = there.blocks().get(i);
            assertEquals(a.status(), b.status(), a.name());
            assertEquals(a.credit(), b.credit(), a.name());
            assertEquals(a.kernels(), b.kernels(), a.name());
            assertEquals(a.fidelity(), b.fidelity(), a.name());
            assertEquals(a.operatorRank(), b.operatorRank(), a.name());
        }
        assertEquals(here.global(), there.global());
        // (an example's input is an array: compared by its values)
        assertEquals(here.examples().size(), there.examples().size());
        for (int k = 0; k < here.examples().size(); k++) {
            Example a = here.examples().get(k);
            Example b = there.examples().get(k);
            assertEquals(java.util.Arrays.asList(a.index(), a.label(), a.networkPrediction(), a.operatorPrediction()),
                    java.util.Arrays.asList(b.index(), b.label(), b.networkPrediction(), b.operatorPrediction()));
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.input(), b.input());
        }
        for (int c = 0; c < here.featureWeights().classes(); c++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(here.featureWeights().weights()[c],
                    there.featureWeights().weights()[c], "class " + c);
        }
    }

    private static Path bundled(String relative) {
        Path p = Path.of(relative);
        return Files.exists(p) ? p : Path.of("..").resolve(relative);
    }

    /**
     * LeNet-5 (conv2's kernels have maps of 100 rows, at most N: read in the second stage) under a runner
     * that sees only the job: the same bits as this JVM's threads, and the driver's blocks never ran the
     * network (the runner's own blocks ran it once over the N + H samples).
     */
    @Test
    void aRunnerElsewhereGivesTheSameBits() {
        AnalysisOptions options = AnalysisOptions.of(Estimator.onestep().samples(300)).withHoldout(120)
                .withFormulation(Formulation.SCALABLE);
        try (Network onnx = OnnxNetwork.load(bundled("models/lenet5-mnist.onnx"), LoadOptions.defaults())) {
            CountingNetwork net = new CountingNetwork(onnx);
            AnalysisData data = AnalysisData.load(bundled("data/mnist"), Preprocessing.declaredBy(net.info()),
                    net.info(), options.samples(), options.holdout());
            CreditResult here = CreditAnalysis.run(net, data, options, ProgressListener.NONE);
            assertEquals(List.of(420), net.passedSamples(), "this JVM's pass: 300 fitting and 120 held-out samples");
            assertTrue(here.timings().activations() > 0);
            Elsewhere runner = new Elsewhere();
            List<String> stages = new java.util.concurrent.CopyOnWriteArrayList<>();
            CreditResult there = CreditAnalysis.run(net, data, options, (stage, done, total) -> stages.add(stage
                    + " " + done + "/" + total), runner);
            assertEquals(1, runner.jobs.get());
            int reads = runner.requestsRead.get();
            assertTrue(reads >= 1 && stages.contains("reads 0/" + reads) && stages.contains("reads " + reads + "/"
                    + reads), reads + " blocks' reads: " + stages);
            assertTrue(stages.stream().noneMatch(st -> st.startsWith("activations")), "no pass: " + stages);
            assertTrue(stages.contains("blocks 7/7"), stages.toString());
            assertEquals(1, runner.closed.get(), "the runner's pass is closed");
            assertEquals(List.of(420, 0, 420), net.passedSamples(), "the driver's blocks ran no sample; the runner's"
                    + " blocks all of them");
            assertEquals(0.0, there.timings().activations(), "no pass on the driver");
            assertTrue(runner.kernelsRead.get() > 0, "conv2's kernels are read in the second stage");
            assertTrue(here.blocks().stream().anyMatch(b -> !b.kernels().isEmpty()), "LeNet-5 has kernel credits");
            assertSameBits(here, there);
        }
    }

    /**
     * A linear block fitted exactly (every held-out error below the direct threshold, so each is computed
     * from the block's output activations in the second stage) before a ReLU: the same bits with the reads
     * on the runner's side as from this JVM's stores.
     */
    @Test
    void directErrorsReadElsewhereGiveTheSameBits() {
        Matrix w = Matrix.fromRows(new double[][] {{0.5, -1.0, 2.0, 0.25}, {1.5, 0.25, -0.75, 1.0},
            {-0.5, 2.0, 1.0, -1.25}});
        JavaNetwork inner = new JavaNetwork(List.of(JavaNetwork.linear("lin", w),
                JavaNetwork.relu("relu", Matrix.identity(3), new double[3])));
        CountingNetwork net = new CountingNetwork(inner);
        AnalysisData data = CreditAnalysisTest.data(20, 8, 4);
        AnalysisOptions options = AnalysisOptions.of(Estimator.onestep().samples(20)).withHoldout(8)
                .withFormulation(Formulation.SCALABLE).withThreads(1);
        CreditResult here = CreditAnalysis.run(net, data, options, ProgressListener.NONE);
        Elsewhere runner = new Elsewhere();
        CreditResult there = CreditAnalysis.run(net, data, options, ProgressListener.NONE, runner);
        assertEquals(List.of(28, 0, 28), net.passedSamples());
        assertTrue(here.blocks().get(0).fidelity().p90() < ScalableOneStep.DIRECT_BELOW,
                "the linear block's errors are computed directly: " + here.blocks().get(0).fidelity());
        assertEquals(8, runner.samplesRead.get(), "the linear block's 8 held-out samples");
        assertEquals(0, runner.kernelsRead.get());
        for (int i = 0; i < here.blocks().size(); i++) {
            assertEquals(here.blocks().get(i).credit(), there.blocks().get(i).credit());
            assertEquals(here.blocks().get(i).fidelity(), there.blocks().get(i).fidelity());
        }
        assertEquals(here.global(), there.global());
    }

    /** The MLP's Gram form with N = 40 and H = 10 under a runner. */
    private static CreditResult mlpWith(TrialRunner runner) {
        AnalysisOptions options = AnalysisOptions.of(Estimator.onestep().samples(40)).withHoldout(10)
                .withFormulation(Formulation.SCALABLE);
        try (Network net = OnnxNetwork.load(bundled("models/mlp81-mnist.onnx"), LoadOptions.defaults())) {
            AnalysisData data = AnalysisData.load(bundled("data/mnist"), Preprocessing.declaredBy(net.info()),
                    net.info(), options.samples(), options.holdout());
            return CreditAnalysis.run(net, data, options, ProgressListener.NONE, runner);
        }
    }

    @Test
    void aTrialRunnerWithoutFactorsIsRefusedInOneLine() {
        TrialRunner trialsOnly = job -> {
            throw new AssertionError("not called");
        };
        InputException e = assertThrows(InputException.class, () -> mlpWith(trialsOnly));
        assertTrue(e.getMessage().contains("needs a runner of its R factors"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    /**
     * A runner's own memory in this JVM (a local cluster's pool) is fixed in the budget before the plan: a run
     * it leaves no room for is refused in one line naming it, and the runner is never called.
     */
    @Test
    void aRunnersMemoryInThisJvmIsFixedInTheBudget() {
        class Greedy implements TrialRunner {
            @Override
            public List<BlockFits> fitAll(TrialRunner.Job job) {
                throw new AssertionError("not called");
            }

            @Override
            public long heapInThisJvm() {
                return Runtime.getRuntime().maxMemory();
            }
        }
        io.koopcredit.base.InvalidOptionException e = assertThrows(io.koopcredit.base.InvalidOptionException.class,
                () -> mlpWith(new Greedy()));
        assertTrue(e.getMessage().contains("the cluster's memory in this JVM ("
                + io.koopcredit.store.MemorySize.format(Runtime.getRuntime().maxMemory()) + ")"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    /** A runner that returns too few boundaries is a bug, not a user error. */
    @Test
    void aRunnerWithTooFewBoundariesIsAnInternalError() {
        Elsewhere full = new Elsewhere();
        class Short implements TrialRunner, FactorRunner {
            @Override
            public List<BlockFits> fitAll(TrialRunner.Job job) {
                throw new AssertionError("the Gram form has no (block, trial) pairs");
            }

            @Override
            public Pass factorAll(FactorRunner.Job job) {
                Pass all = full.factorAll(job);
                return new Pass() {
                    @Override
                    public List<Boundary> boundaries() {
                        return all.boundaries().subList(0, all.boundaries().size() - 1);
                    }

                    @Override
                    public double[] fitOutputs() {
                        return all.fitOutputs();
                    }

                    @Override
                    public double[] heldOutputs() {
                        return all.heldOutputs();
                    }

                    @Override
                    public List<BoundaryReads.Answer> read(List<BoundaryReads.Request> requests) {
                        return all.read(requests);
                    }

                    @Override
                    public void close() {
                        all.close();
                    }
                };
            }
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> mlpWith(new Short()));
        assertTrue(e.getMessage().contains("boundaries, expected"), e.getMessage());
        assertEquals(1, full.closed.get(), "the runner's pass is closed when its answer is refused");
    }
}
