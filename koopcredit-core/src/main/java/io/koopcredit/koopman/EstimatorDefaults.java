package io.koopcredit.koopman;

/**
 * The defaults of the three estimators ({@link Estimator#faithful()}, {@link Estimator#onestep()},
 * {@link Estimator#pca()}), each with where it comes from. The defaults of the analysis around them (seed,
 * held-out samples, credit tolerance, ...) are in {@code io.koopcredit.credit.Defaults}.
 */
public final class EstimatorDefaults {
    private EstimatorDefaults() {
    }

    /** Paper, Section IV.A: "the experiments are run 10 times and the mean matrix ... utilized". */
    public static final int TRIALS = 10;

    /**
     * Fitting samples for the faithful estimator. The paper illustrates LeNet-5 with one input image and
     * does not state N; with one sample the snapshot matrix already has 2d columns.
     */
    public static final int FAITHFUL_SAMPLES = 1;

    /**
     * Fitting samples for the one-step estimator: it needs many distinct real inputs (its snapshot matrix
     * has N columns). 2,000 of the 8,000 bundled training digits: LeNet-5's widest block input (4,704)
     * then costs a few seconds.
     */
    public static final int ONE_STEP_SAMPLES = 2000;

    /**
     * Fitting samples for the PCA estimator: like the one-step estimator it fits real input/output pairs,
     * and its principal directions need many samples.
     */
    public static final int PCA_SAMPLES = 2000;

    /** Principal components: 0 selects the rule of {@code io.koopcredit.credit.Defaults#pcaComponents}. */
    public static final int COMPONENTS = 0;

    /**
     * The paper's exact pseudo-inverse, in floating point: every singular value above the noise floor of
     * the snapshots and the accuracy of the SVD (see {@link RankPolicy.DataPrecision}). Issue #9 measured
     * that {@code machine} keeps float32 rounding and gives credits that disagree with a float64
     * implementation (rank correlation 0.07 on a LeNet-5).
     */
    public static final RankPolicy FAITHFUL_RANK = new RankPolicy.DataPrecision();

    /**
     * Measured on LeNet-5 (issue #4's reference measurement): at a machine-epsilon cut-off the one-step fit
     * overfits rarely lit pixels (pool1's fidelity 86 instead of 0.14); a relative cut-off of 1e-3 fixes it.
     */
    public static final RankPolicy ONE_STEP_RANK = new RankPolicy.Relative(1e-3);

    /**
     * The PCA estimator's reduced coordinates hold the k leading principal directions, whose singular values
     * are the largest of the data: the precision policy keeps them all unless the data has fewer than k
     * directions above its noise floor.
     */
    public static final RankPolicy PCA_RANK = new RankPolicy.DataPrecision();

    /**
     * The paper requires only full rank; i.i.d. N(0,1) is the natural reading of "generated randomly", and
     * {@code auto} keeps it for every model without a large block (all the bundled ones). A model with a block
     * whose dense B would exceed 2²⁴ values gets the structured alignment, whose B and A are never formed
     * ({@link AlignmentDistribution#AUTO}).
     */
    public static final AlignmentDistribution ALIGNMENT = AlignmentDistribution.AUTO;

    /** 0 means the paper's 2d steps (Section III.C). */
    public static final int STEPS = 0;

    /**
     * Exact for repeating trajectories and within the noise floor for converged ones (see
     * {@link StepDelayEmbedding}): on by default.
     */
    public static final boolean SHORTCUT = true;

    /**
     * float64 where ONNX Runtime can evaluate a block in double: measured on the bundled models, it
     * reproduces an independent float64 implementation of the paper (README "Choices", EXPERIMENTS.md).
     */
    public static final EvaluationPrecision PRECISION = EvaluationPrecision.AUTO;

    /** Upper bound on trials: beyond it the mean does not change visibly and the run takes hours. */
    public static final int MAX_TRIALS = 1000;
}
