package io.koopcredit.koopman;

/**
 * The operator of one block from one trial (one random alignment), with what the fit saw.
 *
 * @param trial trial index, from 0
 * @param operator K_i of this trial
 * @param snapshotRank the rank of the snapshot matrix kept by the rank policy
 * @param snapshotCondition σ_1/σ_r of the kept singular values (NaN when the rank is 0)
 * @param snapshotLargest the largest singular value of the snapshot matrix (0 when it is zero or empty)
 * @param nominalPairs snapshot pairs counting repeats
 * @param distinctPairs snapshot pairs stored
 * @param trajectories trajectory statistics (null for estimators that do not iterate)
 * @param alignmentResidual ‖BA − I‖_F of this trial's alignment (Theorem 4), or null when not measured
 *     (measured on trial 0 only; 0 for an identity alignment)
 * @param alignmentDraws how many B were drawn before one had full rank (0 without alignment)
 * @param embeddingSeconds wall time spent producing snapshots (block evaluations and alignment)
 * @param dmdSeconds wall time spent in the DMD and the decomposition K_i = B·K̃
 */
public record TrialFit(int trial, KoopmanOperator operator, int snapshotRank, double snapshotCondition,
                       double snapshotLargest, long nominalPairs, int distinctPairs, TrajectoryStats trajectories,
                       Double alignmentResidual, int alignmentDraws, double embeddingSeconds, double dmdSeconds) {
}
