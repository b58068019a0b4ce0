package io.koopcredit.koopman;

import io.koopcredit.model.Precision;

/**
 * The operator of one block from one trial (one random alignment), with what the fit saw.
 *
 * @param trial trial index, from 0
 * @param operator K_i of this trial, or null once it is kept elsewhere (a large block's, parked in spill files
 *     until its block is summarised)
 * @param snapshotRank the rank of the snapshot matrix kept by the rank policy
 * @param snapshotCondition σ_1/σ_r of the kept singular values (NaN when the rank is 0)
 * @param snapshotLargest the largest singular value of the snapshot matrix (0 when it is zero or empty)
 * @param noiseFloor the snapshots' noise floor as a fraction of their largest singular value
 * @param keptBelowNoise kept singular values at or below the noise floor
 * @param nominalPairs snapshot pairs counting repeats
 * @param distinctPairs snapshot pairs stored
 * @param trajectories trajectory statistics (null for estimators that do not iterate)
 * @param alignmentResidual ‖BA − I‖_F of this trial's alignment (Theorem 4), or null when not measured
 *     (measured on trial 0 only; 0 for an identity alignment)
 * @param alignmentDraws how many B were drawn before one had full rank (0 without alignment)
 * @param precision the format the snapshots were computed in
 * @param eigenvalueModuli for the PCA estimator, the moduli of the eigenvalues of the square reduced
 *     operator M, non-increasing, which define its credit; null for the other estimators (their credit
 *     comes from the operator's singular values)
 * @param embeddingSeconds wall time spent producing snapshots (block evaluations and alignment)
 * @param dmdSeconds wall time spent in the DMD and the decomposition K_i = B·K̃
 */
public record TrialFit(int trial, KoopmanOperator operator, int snapshotRank, double snapshotCondition,
                       double snapshotLargest, double noiseFloor, int keptBelowNoise, long nominalPairs,
                       int distinctPairs, TrajectoryStats trajectories, Double alignmentResidual, int alignmentDraws,
                       Precision precision, double[] eigenvalueModuli, double embeddingSeconds,
                       double dmdSeconds) {

    /**
     * A trial from a DMD fit.
     *
     * @param trial trial index
     * @param operator the operator
     * @param fit the DMD fit the operator came from
     * @param nominalPairs snapshot pairs counting repeats
     * @param distinctPairs snapshot pairs stored
     * @param trajectories trajectory statistics or null
     * @param alignmentResidual Theorem 4's residual or null
     * @param alignmentDraws draws of B
     * @param precision the snapshots' format
     * @param embeddingSeconds time producing snapshots
     * @param dmdSeconds time in the DMD and decomposition
     */
    public TrialFit(int trial, KoopmanOperator operator, Dmd.Fit fit, long nominalPairs, int distinctPairs,
                    TrajectoryStats trajectories, Double alignmentResidual, int alignmentDraws, Precision precision,
                    double embeddingSeconds, double dmdSeconds) {
        this(trial, operator, fit.rank(), fit.condition(),
                fit.singularValues().length == 0 ? 0.0 : fit.singularValues()[0], fit.noiseFloor(),
                fit.keptBelowNoise(), nominalPairs, distinctPairs, trajectories, alignmentResidual, alignmentDraws,
                precision, null, embeddingSeconds, dmdSeconds);
    }

    /**
     * @param k the operator to carry instead (null: none, e.g. once it is kept elsewhere)
     * @return a copy of this trial carrying {@code k} (this record is not modified)
     */
    public TrialFit withOperator(KoopmanOperator k) {
        return new TrialFit(trial, k, snapshotRank, snapshotCondition, snapshotLargest, noiseFloor, keptBelowNoise,
                nominalPairs, distinctPairs, trajectories, alignmentResidual, alignmentDraws, precision,
                eigenvalueModuli, embeddingSeconds, dmdSeconds);
    }

    /**
     * @param moduli the reduced operator's eigenvalue moduli, non-increasing; owned by the result
     * @return a copy of this trial carrying them (this record is not modified)
     */
    public TrialFit withEigenvalueModuli(double[] moduli) {
        return new TrialFit(trial, operator, snapshotRank, snapshotCondition, snapshotLargest, noiseFloor,
                keptBelowNoise, nominalPairs, distinctPairs, trajectories, alignmentResidual, alignmentDraws, precision,
                moduli, embeddingSeconds, dmdSeconds);
    }
}
