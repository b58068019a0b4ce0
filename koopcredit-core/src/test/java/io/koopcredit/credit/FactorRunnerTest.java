package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.base.InputException;
import io.koopcredit.data.Preprocessing;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.model.Network;
import io.koopcredit.model.StoredActivations;
import io.koopcredit.model.onnx.LoadOptions;
import io.koopcredit.model.onnx.OnnxNetwork;
import io.koopcredit.store.MemoryColumns;
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

    /** A runner that sees only the job: its own pass, tile after tile, as a cluster's tasks do. */
    private static final class Elsewhere implements TrialRunner, FactorRunner {
        final AtomicInteger jobs = new AtomicInteger();

        @Override
        public List<BlockFits> fitAll(TrialRunner.Job job) {
            throw new AssertionError("the Gram form has no (block, trial) pairs");
        }

        @Override
        public List<Boundary> factorAll(FactorRunner.Job job) {
            jobs.incrementAndGet();
            var p = job.blocks().partition();
            try (StoredActivations fit = pass(job, job.fitSamples(), job.fitCount());
                 StoredActivations held = pass(job, job.heldSamples(), job.heldCount())) {
                List<Boundary> out = new ArrayList<>();
                for (int b = 0; b <= p.size(); b++) {
                    BoundaryPass pass = new BoundaryPass(p, b, job.fitCount(), job.heldCount());
                    List<double[]> kernels = new ArrayList<>();
                    for (BoundaryPass.Tile t : pass.tiles()) {
                        double[] z = new double[t.height() * job.fitCount()];
                        fit.boundaries().get(b).getTile(t.from(), t.to(), 0, job.fitCount(), z);
                        double[] y = new double[t.height() * job.heldCount()];
                        held.boundaries().get(b).getTile(t.from(), t.to(), 0, job.heldCount(), y);
                        pass.add(z, y, (column, square) -> kernels.add(square));
                    }
                    out.add(new Boundary(pass.finish(), kernels));
                }
                return out;
            }
        }

        private static StoredActivations pass(FactorRunner.Job job, float[] samples, int count) {
            return job.blocks().activations(samples, count, (b, rows, cols, element) -> new MemoryColumns(rows, cols,
                    element), 1, done -> { });
        }
    }

    private static Path bundled(String relative) {
        Path p = Path.of(relative);
        return Files.exists(p) ? p : Path.of("..").resolve(relative);
    }

    @Test
    void aRunnerElsewhereGivesTheSameBits() {
        AnalysisOptions options = AnalysisOptions.of(Estimator.onestep().samples(300)).withHoldout(120)
                .withFormulation(Formulation.SCALABLE);
        try (Network net = OnnxNetwork.load(bundled("models/lenet5-mnist.onnx"), LoadOptions.defaults())) {
            AnalysisData data = AnalysisData.load(bundled("data/mnist"), Preprocessing.declaredBy(net.info()),
                    net.info(), options.samples(), options.holdout());
            CreditResult here = CreditAnalysis.run(net, data, options, ProgressListener.NONE);
            Elsewhere runner = new Elsewhere();
            CreditResult there = CreditAnalysis.run(net, data, options, ProgressListener.NONE, runner);
            assertEquals(1, runner.jobs.get());
            assertEquals(here.blocks().size(), there.blocks().size());
            boolean kernels = false;
            for (int i = 0; i < here.blocks().size(); i++) {
                BlockResult a = here.blocks().get(i);
                BlockResult b = there.blocks().get(i);
                assertEquals(a.status(), b.status(), a.name());
                assertEquals(a.credit(), b.credit(), a.name());
                assertEquals(a.kernels(), b.kernels(), a.name());
                assertEquals(a.fidelity(), b.fidelity(), a.name());
                assertEquals(a.operatorRank(), b.operatorRank(), a.name());
                kernels |= !a.kernels().isEmpty();
            }
            assertTrue(kernels, "LeNet-5 has kernel credits");
            assertEquals(here.global(), there.global());
            for (int c = 0; c < here.featureWeights().classes(); c++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(here.featureWeights().weights()[c],
                        there.featureWeights().weights()[c], "class " + c);
            }
        }
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
            public List<Boundary> factorAll(FactorRunner.Job job) {
                List<Boundary> all = full.factorAll(job);
                return all.subList(0, all.size() - 1);
            }
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> mlpWith(new Short()));
        assertTrue(e.getMessage().contains("boundaries, expected"), e.getMessage());
    }
}
