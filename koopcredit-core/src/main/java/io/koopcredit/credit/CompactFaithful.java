package io.koopcredit.credit;

import io.koopcredit.koopman.Estimator;
import io.koopcredit.koopman.KoopmanOperator;
import io.koopcredit.koopman.SnapshotSpace;
import io.koopcredit.koopman.TrialFit;
import io.koopcredit.model.Block;
import io.koopcredit.store.Element;
import io.koopcredit.store.Stores;
import java.util.ArrayList;
import java.util.List;

/**
 * The faithful estimator's scalable formulation (issue #10, item 3): what it does differently from the dense
 * one. Every operator is already kept as a compact SVD of rank at most the distinct snapshot states
 * (K_i = (B·Y′·V·Σ⁻¹)·Uᵀ), the mean of T trials as the compact SVD of their stacked factors (rank at most
 * Σ r_t), and credits, kernel credits, fidelity and feature weights are computed from those factors in both
 * formulations; the structured alignment keeps B and A = B⁺ from being formed. What remains is the
 * E2E block: it has no alignment (A = B = I), so its T trials draw nothing and fit the same operator from the
 * same snapshots. The scalable formulation fits it once and takes that operator as the mean of its T
 * trials, exactly what the mean of T equal operators is; the dense formulation fits all T and averages them,
 * which agrees to rounding (a test holds credits and fidelities to 1e-8 relative on resnet14-fashion).
 */
final class CompactFaithful {
    private CompactFaithful() {
    }

    /**
     * @param estimator the estimator's settings
     * @param formulation the resolved formulation
     * @param block a block
     * @return true if the block's trials are one fit repeated: the faithful estimator's scalable formulation on
     *     an E2E block
     */
    static boolean trialsRepeat(Estimator estimator, Formulation formulation, Block block) {
        return estimator instanceof Estimator.Faithful && formulation == Formulation.SCALABLE
                && block.nIn() == block.nOut();
    }

    /**
     * Where the scalable form keeps each trial's distinct states: float64 column stores in RAM while the budget
     * has room for them when they are made, else in spill files ({@link Stores#create}); the DMD reads them in
     * a fixed order of tiles ({@link io.koopcredit.koopman.StoredDmd}), so where they went changes no value.
     *
     * @param estimator the estimator's settings
     * @param formulation the resolved formulation
     * @param stores the run's stores
     * @return the space, or null (the snapshots on the heap) unless the faithful estimator runs in its scalable
     *     form
     */
    static SnapshotSpace snapshotSpace(Estimator estimator, Formulation formulation, Stores stores) {
        if (!(estimator instanceof Estimator.Faithful) || formulation != Formulation.SCALABLE) {
            return null;
        }
        return (rows, cols, name) -> stores.create(rows, cols, Element.FLOAT64, name, true);
    }

    /**
     * @param first trial 0's fit
     * @param trials T
     * @return T fits: {@code first} and T − 1 copies of it under the later trial indices, with no time of their
     *     own (nothing was computed for them)
     */
    static List<TrialFit> repeated(TrialFit first, int trials) {
        List<TrialFit> out = new ArrayList<>(trials);
        out.add(first);
        for (int t = 1; t < trials; t++) {
            out.add(new TrialFit(t, first.operator(), first.snapshotRank(), first.snapshotCondition(),
                    first.snapshotLargest(), first.noiseFloor(), first.keptBelowNoise(), first.nominalPairs(),
                    first.distinctPairs(), first.trajectories(), null, first.alignmentDraws(), first.precision(),
                    first.eigenvalueModuli(), 0.0, 0.0));
        }
        return out;
    }

    /**
     * The operator of a block: the mean of its trials' operators, or trial 0's when they repeat.
     *
     * @param fits the trials, at least one; not modified
     * @param repeat whether the trials are one fit repeated ({@link #trialsRepeat})
     * @return the block's operator
     */
    static KoopmanOperator mean(List<TrialFit> fits, boolean repeat) {
        return repeat ? fits.get(0).operator() : KoopmanOperator.mean(fits.stream().map(TrialFit::operator).toList());
    }
}
