package io.koopcredit.credit;

import io.koopcredit.koopman.BlockOperator;
import io.koopcredit.koopman.TrajectoryStats;
import io.koopcredit.koopman.TrialFit;
import io.koopcredit.model.Block;
import java.util.List;
import java.util.Objects;

/**
 * What the per-block phase of an analysis learns about one block, before the cross-block values are known.
 *
 * @param block the block
 * @param status ok, degenerate or failed
 * @param reason why not ok, or null
 * @param operator the mean operator (dense or its summary), or null if the block failed
 * @param credit the block credit, or null
 * @param fits the trials
 * @param fidelity held-out fidelity, or null
 * @param kernels kernel credits
 * @param trialCredit the single trials' credits
 * @param numerics precision and tolerance
 * @param timings where the block's time went
 */
record BlockOutcome(Block block, BlockStatus status, String reason, BlockOperator operator,
                    BlockCredit credit, List<TrialFit> fits, Fidelity fidelity, List<KernelCredit> kernels,
                    TrialSpread trialCredit, PrecisionSummary numerics, BlockTimings timings) {

    BlockResult toResult(Integer creditRank, BlockSensitivity sensitivity) {
        int[] snapRanks = fits.stream().mapToInt(TrialFit::snapshotRank).sorted().toArray();
        double[] conds = fits.stream().mapToDouble(TrialFit::snapshotCondition).filter(Double::isFinite)
                .sorted().toArray();
        int[] distinct = fits.stream().mapToInt(TrialFit::distinctPairs).sorted().toArray();
        List<TrajectoryStats> stats = fits.stream().map(TrialFit::trajectories).filter(Objects::nonNull).toList();
        Double residual = fits.isEmpty() ? null : fits.get(0).alignmentResidual();
        EmbeddingSummary embedding = stats.isEmpty() ? null : EmbeddingSummary.of(stats);
        int steps = embedding == null ? 1 : embedding.steps();
        return new BlockResult(block, status, reason, steps, fits.size(), credit, creditRank, sensitivity,
                operator == null ? 0 : operator.rank(), median(snapRanks), snapRanks.length == 0 ? 0 : snapRanks[0],
                snapRanks.length == 0 ? 0 : snapRanks[snapRanks.length - 1],
                conds.length == 0 ? null : conds[(conds.length - 1) / 2],
                fits.isEmpty() ? 0 : fits.get(0).nominalPairs(), median(distinct), embedding, residual, fidelity,
                trialCredit, kernels, numerics);
    }

    private static int median(int[] sorted) {
        return sorted.length == 0 ? 0 : sorted[(sorted.length - 1) / 2];
    }
}
