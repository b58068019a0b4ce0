package io.koopcredit.credit;

import io.koopcredit.model.Block;
import java.util.List;
import java.util.Objects;

/**
 * Everything measured about one block. Optional values are null exactly when the status or the method
 * leaves them undefined; no field is ever NaN or infinite.
 *
 * @param block the block
 * @param status whether the estimate is usable
 * @param reason why the status is not OK (null when OK)
 * @param steps embedding steps per trajectory (1 for the one-step estimator)
 * @param trials trials averaged
 * @param credit block credit (null unless OK)
 * @param creditRank 1 = the most credit among the blocks with a credit (null without credit)
 * @param sensitivity Theorem 5's block sensitivity, or why it is undefined
 * @param operatorRank the number of non-zero singular values of the mean K_i
 * @param snapshotRank median over trials of the snapshot matrix rank kept by the rank policy
 * @param snapshotRankMin smallest snapshot rank over trials
 * @param snapshotRankMax largest snapshot rank over trials
 * @param snapshotCondition median over trials of σ_1/σ_r of the kept values (null if rank 0)
 * @param nominalPairs snapshot pairs per trial, counting repeats (the paper's Y has this many columns)
 * @param distinctPairs snapshot pairs actually stored per trial (median)
 * @param embedding what the iterated trajectories did (null for the one-step estimator)
 * @param alignmentResidual ‖BA − I‖_F of the first trial's alignment (Theorem 4; 0 for E2E; null without
 *     alignment)
 * @param fidelity held-out fidelity of K_i (null if it could not be measured)
 * @param trialCredit the log credits of the single trials' operators (null without any)
 * @param kernels credit per convolution kernel (empty unless the block is a convolution with C×H×W
 *     output)
 * @param numerics the precision the operator was computed in, its noise floor and credit tolerance
 */
public record BlockResult(Block block, BlockStatus status, String reason, int steps, int trials, BlockCredit credit,
                          Integer creditRank, BlockSensitivity sensitivity, int operatorRank, int snapshotRank,
                          int snapshotRankMin, int snapshotRankMax, Double snapshotCondition, long nominalPairs,
                          int distinctPairs, EmbeddingSummary embedding, Double alignmentResidual, Fidelity fidelity,
                          TrialSpread trialCredit, List<KernelCredit> kernels, PrecisionSummary numerics) {

    /** Validates consistency between status and values. */
    public BlockResult {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(sensitivity, "sensitivity");
        Objects.requireNonNull(numerics, "numerics");
        kernels = List.copyOf(kernels);
        if ((status == BlockStatus.OK) != (reason == null)) {
            throw new IllegalArgumentException("block " + block.name() + ": a reason is given exactly when the status"
                    + " is not OK");
        }
        if ((status == BlockStatus.OK) != (credit != null)) {
            throw new IllegalArgumentException("block " + block.name() + ": a credit is present exactly when OK");
        }
        if ((credit == null) != (creditRank == null)) {
            throw new IllegalArgumentException("block " + block.name() + ": a credit rank needs a credit");
        }
        if (snapshotCondition != null && !Double.isFinite(snapshotCondition)) {
            throw new IllegalArgumentException("block " + block.name() + ": snapshot condition must be finite");
        }
        if (alignmentResidual != null && !Double.isFinite(alignmentResidual)) {
            throw new IllegalArgumentException("block " + block.name() + ": alignment residual must be finite");
        }
    }

    /** @return the block's name */
    public String name() {
        return block.name();
    }
}
