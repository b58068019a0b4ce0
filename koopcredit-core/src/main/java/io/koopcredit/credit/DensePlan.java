package io.koopcredit.credit;

import io.koopcredit.koopman.Estimator;
import io.koopcredit.model.Block;
import io.koopcredit.model.BlockPartition;
import java.util.ArrayList;
import java.util.List;

/** The tasks of the dense formulation and their predicted memory, for the {@link MemoryPlan}. */
final class DensePlan {
    private DensePlan() {
    }

    /**
     * @param partition the blocks
     * @param options the options
     * @param n fitting samples
     * @param held held-out samples
     * @return every task kind of the dense path, per block, with its predicted need
     */
    static List<MemoryPlan.Task> tasks(BlockPartition partition, AnalysisOptions options, int n, int held) {
        Estimator e = options.estimator();
        List<MemoryPlan.Task> tasks = new ArrayList<>();
        long maxRank = 1;
        for (Block b : partition.blocks()) {
            int steps = e instanceof Estimator.Faithful f ? f.stepsFor(b.smallestWidth()) : 1;
            tasks.add(new MemoryPlan.Task("estimation", "block " + b.name() + " (estimating one trial of "
                    + e.kind().spec() + " with N = " + n + ")", MemoryModel.denseTrial(e, b, n, steps)));
            long rank = rankBound(e, b, n, steps);
            maxRank = Math.max(maxRank, rank * options.trials());
            tasks.add(new MemoryPlan.Task("summaries", "block " + b.name() + " (its mean operator, credits and"
                    + " fidelity)", MemoryModel.denseSummary(b, rank * options.trials(),
                    MemoryModel.applyChunk(b.nIn(), b.nOut(), held))));
        }
        int m = partition.size();
        tasks.add(new MemoryPlan.Task("global", "the product K = K_m⋯K_1 (feature weights and global fidelity)",
                MemoryModel.denseGlobal(partition, maxRank, MemoryModel.applyChunk(partition.block(0).nIn(),
                        partition.block(m - 1).nOut(), held))));
        return tasks;
    }

    /**
     * @return an upper bound on one trial's operator rank: at most the narrower width and the snapshots
     *     (N per step kept, with at most {@link MemoryModel#EXPECTED_STATES} expected per trajectory)
     */
    static long rankBound(Estimator e, Block b, int n, int steps) {
        long snapshots = e instanceof Estimator.Faithful ? (long) n * Math.min(steps, MemoryModel.EXPECTED_STATES) : n;
        return Math.max(1, Math.min(Math.min(b.nIn(), b.nOut()), snapshots));
    }
}
