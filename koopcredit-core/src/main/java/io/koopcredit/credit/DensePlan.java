package io.koopcredit.credit;

import io.koopcredit.koopman.Estimator;
import io.koopcredit.koopman.Scale;
import io.koopcredit.model.Block;
import io.koopcredit.model.BlockPartition;
import java.util.ArrayList;
import java.util.List;

/**
 * The tasks of the dense formulation, and of the faithful estimator's scalable one (which differs only in
 * fitting an E2E block once, {@link CompactFaithful}), and their predicted memory, for the {@link MemoryPlan}.
 */
final class DensePlan {
    private DensePlan() {
    }

    /**
     * @param partition the blocks
     * @param options the options
     * @param n fitting samples
     * @param held held-out samples
     * @param formulation the resolved formulation
     * @return every task kind of the dense path, per block, with its predicted need
     */
    static List<MemoryPlan.Task> tasks(BlockPartition partition, AnalysisOptions options, int n, int held,
                                       Formulation formulation) {
        Estimator e = CreditAnalysis.resolve(options, partition).estimator();
        boolean compact = e instanceof Estimator.Faithful && formulation == Formulation.SCALABLE;
        List<MemoryPlan.Task> tasks = new ArrayList<>();
        long[] ranks = new long[partition.size()];
        long operators = 0;
        long least = 0;
        for (Block b : partition.blocks()) {
            int steps = e instanceof Estimator.Faithful f ? f.stepsFor(b.smallestWidth()) : 1;
            tasks.add(new MemoryPlan.Task("estimation", "block " + b.name() + " (estimating one trial of "
                    + e.kind().spec() + " with N = " + n + ")", trialNeed(e, formulation, b, n, steps)));
            // A large block's trial operators are parked in spill files and its rank-sized memory is reserved at
            // the ranks found (CompactFaithful.parks): planned here at rank 1 per trial.
            boolean parked = CompactFaithful.parks(e, formulation, b, n, steps);
            long rank = parked ? 1 : compact ? compactRankBound(b, n, steps) : rankBound(e, b, n, steps);
            long rankSum = rank * (CompactFaithful.trialsRepeat(e, formulation, b) ? 1 : options.trials());
            ranks[b.index()] = rankSum;
            int chunk = MemoryModel.applyChunk(b.nIn(), b.nOut(), held);
            tasks.add(new MemoryPlan.Task("summaries", "block " + b.name() + " (its mean operator, credits and"
                    + " fidelity)", parked ? MemoryModel.parkedSummary(b, rankSum, chunk, partition.block(0).nIn(),
                    Math.min(rankSum, least)) : MemoryModel.denseSummary(b, rankSum, chunk)));
            least = b.index() == 0 ? rankSum : Math.min(least, rankSum);
            // The trial operators (compact SVDs, (nIn + nOut)·r values each) stay until every block is summarised,
            // on the heap unless parked.
            operators += parked ? 0 : MemoryModel.D * (b.nIn() + b.nOut()) * rankSum;
        }
        if (compact) {
            tasks.add(new MemoryPlan.Task("results", "the trial operators of the " + partition.size() + " blocks",
                    new MemoryModel.Need(operators, 0)));
        }
        int m = partition.size();
        tasks.add(new MemoryPlan.Task("global", "the product K = K_m⋯K_1 (feature weights and global fidelity)",
                MemoryModel.denseGlobal(partition, ranks, MemoryModel.applyChunk(partition.block(0).nIn(),
                        partition.block(m - 1).nOut(), held))));
        return tasks;
    }

    /**
     * The memory one trial reserves: the dense formulation's model, or under the faithful estimator's scalable
     * one the same model with {@link MemoryModel#COMPACT_EXPECTED_STATES} states per trajectory, or, for a block
     * whose snapshots are large ({@link Scale#largeSnapshots}), {@link MemoryModel#storedTrial} at rank 1: its
     * states in column stores, not in the trial's memory, and its rank-sized factors reserved once the rank is
     * known.
     *
     * @param e the estimator, its alignment resolved for the model
     * @param formulation the resolved formulation
     * @param b the block
     * @param n fitting samples
     * @param steps embedding steps
     * @return the need
     */
    static MemoryModel.Need trialNeed(Estimator e, Formulation formulation, Block b, int n, int steps) {
        boolean compact = e instanceof Estimator.Faithful && formulation == Formulation.SCALABLE;
        if (compact && Scale.largeSnapshots(b.nIn(), n, steps)) {
            // Rank 1 here; the trial extends its reservation by MemoryModel.storedTrialPerRank for each further
            // unit of the rank it finds.
            return MemoryModel.storedTrial((Estimator.Faithful) e, b, n, steps, 1);
        }
        return MemoryModel.trial(e, b, n, steps, compact ? MemoryModel.COMPACT_EXPECTED_STATES
                : MemoryModel.EXPECTED_STATES);
    }

    /**
     * @return an upper bound on one trial's operator rank: at most the narrower width and the snapshots
     *     (N per step kept, with at most {@link MemoryModel#EXPECTED_STATES} expected per trajectory)
     */
    static long rankBound(Estimator e, Block b, int n, int steps) {
        long snapshots = e instanceof Estimator.Faithful ? (long) n * Math.min(steps, MemoryModel.EXPECTED_STATES) : n;
        return Math.max(1, Math.min(Math.min(b.nIn(), b.nOut()), snapshots));
    }

    /**
     * @return the rank the faithful estimator's scalable formulation plans one trial's operator with: at most the
     *     narrower width, the steps, and N · {@link MemoryModel#EXPECTED_TRIAL_RANK}
     */
    static long compactRankBound(Block b, int n, int steps) {
        long snapshots = (long) n * Math.min(steps, MemoryModel.EXPECTED_TRIAL_RANK);
        return Math.max(1, Math.min(Math.min(b.nIn(), b.nOut()), snapshots));
    }
}
