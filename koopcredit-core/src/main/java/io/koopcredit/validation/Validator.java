package io.koopcredit.validation;

import io.koopcredit.base.InputException;
import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.CreditAnalysis;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.ProgressListener;
import io.koopcredit.credit.Workers;
import io.koopcredit.koopman.EstimatorKind;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.Network;
import io.koopcredit.validation.ablation.AblationCheck;
import io.koopcredit.validation.ablation.AblationResult;
import io.koopcredit.validation.lesion.LesionCheck;
import io.koopcredit.validation.lesion.LesionResult;
import io.koopcredit.validation.pruning.PruningCheck;
import io.koopcredit.validation.pruning.PruningResult;
import io.koopcredit.validation.randomization.CreditMethod;
import io.koopcredit.validation.randomization.CreditSnapshot;
import io.koopcredit.validation.randomization.RandomizationCheck;
import io.koopcredit.validation.randomization.RandomizationResult;
import io.koopcredit.validation.stability.SampleSweep;
import io.koopcredit.validation.stability.SampleSweepCheck;
import io.koopcredit.validation.stability.SeedStabilityCheck;
import io.koopcredit.validation.stability.StabilityResult;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * The library's entry point for issue #6: evidence that the credits mean something. Runs the analysis,
 * then the checks on it:
 * <ol>
 *   <li>{@link AblationCheck}: do blocks with more credit do more damage when knocked out (and how much
 *       does replacing each block by its K_i cost)?</li>
 *   <li>{@link RandomizationCheck}: do the credits and feature weights change when the learned weights
 *       are replaced by noise?</li>
 *   <li>stability: credits and rankings across seeds and T with bootstrap intervals (faithful estimator),
 *       and across the number of fitting samples N.</li>
 *   <li>{@link LesionCheck} (issue #14, on by default): does the block credit predict the damage of removing a
 *       residual unit's branch, and the kernel credit the damage of zeroing a kernel, better than the weights'
 *       L1 norm or the mean activation?</li>
 *   <li>{@link PruningCheck} (issue #14, when asked for): held-out accuracy after zeroing the kernels with the
 *       lowest credit, beside L1-norm, activation and random pruning.</li>
 * </ol>
 * The lesion and pruning checks measure their activation baselines on the ablations' fitting samples
 * ({@link ValidationOptions#ablationSamples}) and use the bootstrap resample count for their intervals.
 * Every random draw is seeded by the analysis seed and the unit of work alone, and results are combined
 * in a fixed order: the result does not depend on the number of threads.
 */
public final class Validator {

    /**
     * @param analysis the analysis options
     * @return why the seed and trial parts do not apply to a deterministic estimator
     */
    static String deterministic(AnalysisOptions analysis) {
        return "not applicable: the " + analysis.kind().spec() + " estimator is deterministic (one trial, no random"
                + " draw), so its credits do not depend on the seed or on T";
    }

    /** Why a result has no lesion studies. */
    public static final String NOT_ASKED_LESIONS = "not run (lesions switched off)";

    /** Why a result has no pruning check. */
    public static final String NOT_ASKED_PRUNING = "not run (pruning not asked for)";

    private Validator() {
    }

    /**
     * Checks the options that depend on the network's structure, before any work: the blocks named for unit
     * lesions must be residual units, and pruning needs convolution kernels that a kernel credit ranks.
     * {@link #run} calls it first; callers that want a mistake reported before they prepare anything else
     * (an output folder, say) may call it earlier.
     *
     * @param network the network; not modified
     * @param analysis the analysis options (their partition)
     * @param options what to validate
     * @throws io.koopcredit.base.InvalidOptionException naming {@code lesionBlocks} or {@code pruning}
     */
    public static void check(Network network, AnalysisOptions analysis, ValidationOptions options) {
        BlockPartition partition = network.partition(analysis.blocks());
        if (options.lesions()) {
            LesionCheck.units(network, partition, options.lesionBlocks());
        }
        if (options.pruning() != null) {
            PruningCheck.candidates(network, partition);
        }
    }

    /**
     * Runs the analysis and validates it.
     *
     * @param network the network; not closed here
     * @param data fitting samples (at least the analysis's N and the largest N of the sample sweep; each part
     *     uses the first ones) and exactly the analysis's held-out samples; not modified
     * @param analysis the analysis options
     * @param options what to validate
     * @param progress hears every stage
     * @return the analysis and the checks
     * @throws InputException if the data does not hold enough samples
     */
    public static ValidationResult run(Network network, AnalysisData data, AnalysisOptions analysis,
                                       ValidationOptions options, ProgressListener progress) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(options, "options");
        int needed = options.fitSamplesNeeded(analysis);
        if (data.fitCount() < needed) {
            throw new InputException("data: expected at least " + needed + " fitting samples (the analysis's N = "
                    + analysis.samples() + ", the sample sweep " + options.sampleSweep() + " and the ablations' "
                    + options.ablationSamples(analysis) + "), found " + data.fitCount());
        }
        if (analysis.kind() == EstimatorKind.FAITHFUL
                && options.trialSweep().get(options.trialSweep().size() - 1) != analysis.trials()) {
            throw new IllegalArgumentException("the trial sweep " + options.trialSweep() + " must end at T = "
                    + analysis.trials());
        }
        check(network, analysis, options);
        long start = System.nanoTime();
        CreditResult base = CreditAnalysis.run(network, data.firstFitSamples(analysis.samples()), analysis,
                (s, done, total) -> progress.update("analysis " + s, done, total));
        double analysisSeconds = Workers.secondsSince(start);

        long t = System.nanoTime();
        AblationResult ablation = AblationCheck.run(network, base, data, options.ablationSamples(analysis));
        double ablationSeconds = Workers.secondsSince(t);

        t = System.nanoTime();
        RandomizationResult randomization = RandomizationCheck.run(network, data, analysis, CreditSnapshot.of(base),
                options.randomizationSteps(), CreditMethod.KOOPMAN, progress);
        double randomizationSeconds = Workers.secondsSince(t);

        t = System.nanoTime();
        SeedStabilityCheck.Outcome seeds = null;
        if (analysis.kind() == EstimatorKind.FAITHFUL) {
            ExecutorService pool = Workers.pool(analysis.threads(), "koopcredit-validate");
            try {
                seeds = SeedStabilityCheck.run(network, base, data, new SeedStabilityCheck.Plan(options.seeds(),
                        options.trialSweep(), options.bootstrapResamples()), pool, progress);
            } finally {
                pool.shutdownNow();
            }
        }
        double seedSeconds = Workers.secondsSince(t);

        t = System.nanoTime();
        SampleSweep samples = options.sampleSweep().isEmpty() ? null
                : SampleSweepCheck.run(network, base, data, options.sampleSweep(), progress);
        double sampleSeconds = Workers.secondsSince(t);
        String samplesNote = samples != null ? null
                : options.quick() ? "skipped (quick validation)" : "skipped (no N to compare)";
        AnalysisData checks = data.firstFitSamples(options.ablationSamples(analysis));
        t = System.nanoTime();
        LesionResult lesions = null;
        PruningResult pruning = null;
        double lesionSeconds = 0;
        if (options.lesions() || options.pruning() != null) {
            ExecutorService pool = Workers.pool(analysis.threads(), "koopcredit-lesions");
            try {
                if (options.lesions()) {
                    lesions = LesionCheck.run(network, base, checks, new LesionCheck.Plan(options.lesionBlocks(),
                            options.bootstrapResamples(), analysis.seed()), pool, progress);
                }
                lesionSeconds = Workers.secondsSince(t);
                t = System.nanoTime();
                if (options.pruning() != null) {
                    pruning = PruningCheck.run(network, base, checks, options.pruning(), pool, progress);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        double pruningSeconds = options.pruning() == null ? 0 : Workers.secondsSince(t);
        StabilityResult stability = new StabilityResult(seeds == null ? null : seeds.seeds(),
                seeds == null ? null : seeds.trials(), seeds == null ? deterministic(analysis) : null, samples, samplesNote);
        ValidationTimings timings = new ValidationTimings(Workers.secondsSince(start), analysisSeconds, ablationSeconds,
                randomizationSeconds, seedSeconds, sampleSeconds, lesionSeconds, pruningSeconds, analysis.threads());
        return new ValidationResult(base, options, ablation, randomization, stability, lesions,
                lesions == null ? NOT_ASKED_LESIONS : null, pruning, pruning == null ? NOT_ASKED_PRUNING : null, timings);
    }
}
