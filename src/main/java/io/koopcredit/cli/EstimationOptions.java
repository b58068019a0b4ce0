package io.koopcredit.cli;

import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.Defaults;
import io.koopcredit.koopman.AlignmentDistribution;
import io.koopcredit.koopman.EstimatorKind;
import io.koopcredit.koopman.RankPolicy;
import picocli.CommandLine.Option;

/** Options of the analysis itself; unset ones take the defaults of {@link Defaults}. */
final class EstimationOptions {
    @Option(names = "--estimator", paramLabel = "NAME", converter = Converters.Estimator.class,
            description = "faithful (the paper's: alignment, step-delay embedding, DMD; default) or onestep "
                    + "(one-step DMD on real input/output pairs, not in the paper)")
    EstimatorKind estimator;

    @Option(names = "--samples", paramLabel = "N",
            description = "Fitting samples (default: 1 for faithful, 2000 for onestep)")
    Integer samples;

    @Option(names = "--holdout", paramLabel = "H", description = "Held-out samples for fidelity (default: 1000)")
    Integer holdout;

    @Option(names = "--trials", paramLabel = "T",
            description = "Random alignments averaged (default: 10, as in the paper; onestep runs 1)")
    Integer trials;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of every random draw (default: 20221202)")
    Long seed;

    @Option(names = "--rank", paramLabel = "POLICY", converter = Converters.Rank.class,
            description = "DMD truncation: machine (default for faithful), relative:TOL (default relative:0.001 "
                    + "for onestep), fixed:R, energy:F, optimal (Gavish-Donoho)")
    RankPolicy rank;

    @Option(names = "--alignment", paramLabel = "DIST", converter = Converters.Alignment.class,
            description = "Distribution of the alignment matrix B: gaussian (default) or orthonormal")
    AlignmentDistribution alignment;

    @Option(names = "--steps", paramLabel = "K", description = "Embedding steps per trajectory (default: 2d)")
    Integer steps;

    @Option(names = "--affine", description = "onestep only: add a constant observable (fits an offset)")
    boolean affine;

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads (default: one per processor); results do not depend on it")
    Integer threads;

    @Option(names = "--credit-tolerance", paramLabel = "TOL", converter = Converters.Tolerance.class,
            description = "Which singular values of K_i count as non-zero: float32 (above 2^-23 of the largest, the "
                    + "resolution of the data; default) or double (max(m,n)·eps·largest)")
    io.koopcredit.credit.CreditTolerance creditTolerance;

    @Option(names = "--no-shortcut", description = "Evaluate every embedding step even after a trajectory has "
            + "entered a fixed point or cycle (same result, slower; for checks)")
    boolean noShortcut;

    /**
     * @param model the model options (partition spec, softmax)
     * @return the typed options, defaults filled in
     */
    AnalysisOptions toOptions(ModelOptions model) {
        EstimatorKind kind = estimator != null ? estimator : Defaults.ESTIMATOR;
        AnalysisOptions o = AnalysisOptions.forEstimator(kind);
        if (samples != null) {
            o = o.withSamples(samples);
        }
        if (holdout != null) {
            o = o.withHoldout(holdout);
        }
        if (trials != null) {
            o = o.withTrials(trials);
        }
        if (seed != null) {
            o = o.withSeed(seed);
        }
        if (rank != null) {
            o = o.withRank(rank);
        }
        if (alignment != null) {
            o = o.withAlignment(alignment);
        }
        if (steps != null) {
            if (steps < 1) {
                throw new io.koopcredit.InputException("--steps: expected >= 1, found " + steps);
            }
            o = o.withSteps(steps);
        }
        if (threads != null) {
            o = o.withThreads(threads);
        }
        if (creditTolerance != null) {
            o = o.withCreditTolerance(creditTolerance);
        }
        return o.withAffine(affine).withShortcutCycles(!noShortcut).withBlocks(model.blocks)
                .withKeepSoftmax(model.keepSoftmax);
    }
}
