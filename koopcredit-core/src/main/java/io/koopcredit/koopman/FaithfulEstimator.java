package io.koopcredit.koopman;

import io.koopcredit.model.Block;
import io.koopcredit.model.BlockFunction;
import java.util.SplittableRandom;

/**
 * The paper's estimator (Sections III.B–C): per trial, draw the alignment B (A = B⁺), run step-delay
 * embedding of the aligned block from the real inputs for 2d steps, fit K̃ by DMD over every snapshot
 * pair, and decompose K_i = B·K̃ (Eq. (1)).
 */
public final class FaithfulEstimator implements KoopmanEstimator {
    private final Estimator.Faithful settings;
    private final SnapshotSpace space;

    /** @param settings rank policy, alignment distribution, steps, shortcut */
    public FaithfulEstimator(Estimator.Faithful settings) {
        this(settings, null);
    }

    /**
     * @param settings rank policy, alignment distribution, steps, shortcut
     * @param space where each trial's states go when its snapshots are large ({@link Scale#largeSnapshots}: the
     *     scalable form, {@link StepDelayEmbedding#embedStored} and {@link StoredDmd}), or null to hold every
     *     snapshot matrix on the heap and fit it by an SVD ({@link StepDelayEmbedding#embed} and {@link Dmd})
     */
    public FaithfulEstimator(Estimator.Faithful settings, SnapshotSpace space) {
        this.settings = java.util.Objects.requireNonNull(settings, "settings");
        this.space = space;
    }

    @Override
    public EstimatorKind kind() {
        return EstimatorKind.FAITHFUL;
    }

    @Override
    public boolean usesOutputs() {
        return false;
    }

    /** @return the options this estimator runs with */
    public Estimator.Faithful settings() {
        return settings;
    }

    @Override
    public TrialFit fit(BlockFunction f, FitData data, int trial, SplittableRandom rng) {
        Block block = f.block();
        long t0 = System.nanoTime();
        DimensionAlignment alignment = DimensionAlignment.draw(block.nIn(), block.nOut(), settings.alignment(), rng);
        int steps = settings.stepsFor(block.smallestWidth());
        double noise = NoiseModel.relative(f.precision(), block);
        Dmd.Fit fit;
        long nominal;
        int distinct;
        TrajectoryStats stats;
        long t1;
        if (space == null || !Scale.largeSnapshots(block.nIn(), data.count(), steps)) {
            StepDelayEmbedding.Result embedding = StepDelayEmbedding.embed(f, alignment, data.inputs(), data.count(),
                    steps, settings.shortcutCycles(), noise);
            t1 = System.nanoTime();
            Snapshots snap = embedding.snapshots();
            fit = Dmd.fit(snap.x(), snap.xNext(), settings.rank(), snap.nominalPairs(), noise);
            nominal = snap.nominalPairs();
            distinct = snap.distinctPairs();
            stats = embedding.stats();
        } else {
            StepDelayEmbedding.StoredResult embedding = StepDelayEmbedding.embedStored(f, alignment, data.inputs(),
                    data.count(), steps, settings.shortcutCycles(), noise, space);
            t1 = System.nanoTime();
            try (StoredSnapshots snap = embedding.snapshots()) {
                fit = StoredDmd.fit(snap, settings.rank(), noise, space::rankFound);
                nominal = snap.nominalPairs();
                distinct = snap.distinctPairs();
            }
            stats = embedding.stats();
        }
        // Linear decomposition, Eq. (1): K_i = B·K̃ = (B·left)·basisᵀ.
        KoopmanOperator k = KoopmanOperator.fromFactors(alignment.decompose(fit.left()), fit.basis(), null);
        long t2 = System.nanoTime();
        // Theorem 4's residual is a check, not an input: measured on the first trial only (it costs as much as
        // a third of drawing the alignment), and for a structured alignment only where that is cheap.
        Double residual = trial == 0 && alignment.residualMeasured() ? alignment.residual() : null;
        return new TrialFit(trial, k, fit, nominal, distinct, stats, residual,
                alignment.draws(), f.precision(), (t1 - t0) * 1e-9, (t2 - t1) * 1e-9);
    }
}
