package io.koopcredit.validation;

import io.koopcredit.base.InvalidOptionException;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.koopman.EstimatorKind;
import io.koopcredit.validation.pruning.PruningPlan;
import io.koopcredit.validation.randomization.RandomizationSteps;
import io.koopcredit.validation.stability.BootstrapInterval;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a validation run measures beyond the analysis options it validates. Build with
 * {@link #defaults(AnalysisOptions)} or {@link #quick(AnalysisOptions)} and the {@code with…} methods.
 *
 * @param seeds how many seeds the stability check compares: the analysis seed s and s+1, …, s+K−1
 * @param trialSweep trial counts T whose rankings are compared, increasing; the last is the analysis's T
 *     (the sweep reuses the first T trials of each seed's run, so it costs nothing extra; [1] for the
 *     deterministic one-step estimator, which runs one trial)
 * @param sampleSweep fitting-sample counts N whose credits are compared with the analysis's, increasing;
 *     empty to skip this part of the stability check
 * @param bootstrapResamples resamples of the bootstrap over one run's trial operators
 * @param randomizationSteps which steps of the cascading re-randomization run
 * @param ablationSamples how many fitting samples the ablations average over (knockout means and
 *     linearization offsets), or null for the analysis's own fitting samples (the default)
 * @param quick whether these are the reduced options of {@code --quick} (recorded in the output)
 * @param lesions whether to run the lesion studies (unit lesions of the residual units, kernel lesions of
 *     the convolutions; nothing to do on a network with neither)
 * @param lesionBlocks the blocks to lesion as residual units, or null for every block that is one; each
 *     named block must be a residual unit
 * @param pruning the pruning check's plan, or null to skip it
 */
public record ValidationOptions(int seeds, List<Integer> trialSweep, List<Integer> sampleSweep,
                                int bootstrapResamples, RandomizationSteps randomizationSteps, Integer ablationSamples,
                                boolean quick, boolean lesions, List<String> lesionBlocks, PruningPlan pruning) {

    /** Fewest seeds: a spread and a pairwise Kendall τ need two. */
    public static final int MIN_SEEDS = 2;

    /** Most seeds: each costs a full analysis; beyond 100 the spread estimate no longer improves visibly. */
    public static final int MAX_SEEDS = 100;

    /** Seeds by default: five independent sets of T random alignments, as the issue suggests. */
    public static final int DEFAULT_SEEDS = 5;

    /** Seeds of {@code --quick}: the fewest that still give a spread and three pairs of rankings. */
    public static final int QUICK_SEEDS = 3;

    /** Bootstrap resamples by default: enough for the 2.5% and 97.5% percentiles to settle (5 beyond each). */
    public static final int DEFAULT_BOOTSTRAP = 200;

    /** Bootstrap resamples of {@code --quick}. */
    public static final int QUICK_BOOTSTRAP = 50;

    /** Fewest bootstrap resamples: below 20 the 2.5% and 97.5% percentiles are the extremes. */
    public static final int MIN_BOOTSTRAP = BootstrapInterval.MIN_RESAMPLES;

    /** Candidate trial counts of the T sweep (those up to the analysis's T are used, plus T itself). */
    static final List<Integer> TRIAL_GRID = List.of(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000);

    /**
     * N sweep of the faithful estimator, as multiples of the analysis's N: 1, 2, 4 (the 1, 2, 4 for
     * the default N = 1). More samples give more trajectories and a higher snapshot rank.
     */
    static final List<Integer> FAITHFUL_SAMPLE_FACTORS = List.of(1, 2, 4);

    /**
     * N sweep of the one-step estimator, as divisors of the analysis's N: N/4, N/2, N (the 500,
     * 1000, 2000 for the default N = 2000): the one-step fit is least squares, so fewer samples is the
     * informative direction.
     */
    static final List<Integer> ONE_STEP_SAMPLE_DIVISORS = List.of(4, 2, 1);

    /**
     * Validates every value.
     *
     * @param seeds the record's {@code seeds}
     * @param trialSweep the record's {@code trialSweep} (copied; not modified)
     * @param sampleSweep the record's {@code sampleSweep} (copied; not modified)
     * @param bootstrapResamples the record's {@code bootstrapResamples}
     * @param randomizationSteps the record's {@code randomizationSteps}
     * @param ablationSamples the record's {@code ablationSamples}
     * @param quick the record's {@code quick}
     * @param lesions the record's {@code lesions}
     * @param lesionBlocks the record's {@code lesionBlocks} (copied; not modified)
     * @param pruning the record's {@code pruning}
     */
    public ValidationOptions {
        Objects.requireNonNull(randomizationSteps, "randomizationSteps");
        if (seeds < MIN_SEEDS || seeds > MAX_SEEDS) {
            throw new InvalidOptionException("seeds", "expected " + MIN_SEEDS + ".." + MAX_SEEDS + ", found " + seeds);
        }
        trialSweep = increasing("trialSweep", trialSweep, 1, io.koopcredit.koopman.EstimatorDefaults.MAX_TRIALS);
        if (trialSweep.isEmpty()) {
            throw new InvalidOptionException("trialSweep", "expected at least one trial count, found none");
        }
        sampleSweep = increasing("sampleSweep", sampleSweep, 1, Integer.MAX_VALUE);
        if (ablationSamples != null && ablationSamples < 1) {
            throw new InvalidOptionException("ablationSamples", "expected >= 1, found " + ablationSamples);
        }
        if (lesionBlocks != null) {
            if (lesionBlocks.isEmpty() || lesionBlocks.stream().anyMatch(b -> b == null || b.isBlank())) {
                throw new InvalidOptionException("lesionBlocks", "expected block names, found " + lesionBlocks);
            }
            if (!lesions) {
                throw new InvalidOptionException("lesionBlocks", "expected the lesion studies to run, found them"
                        + " switched off");
            }
            lesionBlocks = List.copyOf(new LinkedHashSet<>(lesionBlocks));
        }
        if (bootstrapResamples < MIN_BOOTSTRAP) {
            throw new InvalidOptionException("bootstrap", "expected >= " + MIN_BOOTSTRAP + ", found "
                    + bootstrapResamples);
        }
    }

    /**
     * @param analysis the analysis to validate
     * @return the full validation: {@link #DEFAULT_SEEDS} seeds, the T sweep, the N sweep,
     *     {@link #DEFAULT_BOOTSTRAP} resamples, every cascade step, the lesion studies; no pruning
     */
    public static ValidationOptions defaults(AnalysisOptions analysis) {
        return new ValidationOptions(DEFAULT_SEEDS, trialSweep(analysis.trials()), sampleSweep(analysis),
                DEFAULT_BOOTSTRAP, RandomizationSteps.CASCADE, null, false, true, null, null);
    }

    /**
     * @param analysis the analysis to validate
     * @return the reduced validation of {@code --quick}: {@link #QUICK_SEEDS} seeds, no N sweep,
     *     {@link #QUICK_BOOTSTRAP} resamples, the first and last cascade steps, the lesion studies; no pruning
     */
    public static ValidationOptions quick(AnalysisOptions analysis) {
        return new ValidationOptions(QUICK_SEEDS, trialSweep(analysis.trials()), List.of(), QUICK_BOOTSTRAP,
                RandomizationSteps.FIRST_AND_LAST, null, true, true, null, null);
    }

    /**
     * @param trials the analysis's T
     * @return the counts of {@link #TRIAL_GRID} up to T, and T
     */
    public static List<Integer> trialSweep(int trials) {
        TreeSet<Integer> out = new TreeSet<>();
        TRIAL_GRID.stream().filter(t -> t <= trials).forEach(out::add);
        out.add(trials);
        return List.copyOf(out);
    }

    /**
     * @param analysis the analysis
     * @return its default N sweep (see {@link #FAITHFUL_SAMPLE_FACTORS}, {@link #ONE_STEP_SAMPLE_DIVISORS})
     */
    public static List<Integer> sampleSweep(AnalysisOptions analysis) {
        TreeSet<Integer> out = new TreeSet<>();
        int n = analysis.samples();
        if (analysis.kind() == EstimatorKind.FAITHFUL) {
            FAITHFUL_SAMPLE_FACTORS.forEach(f -> out.add(Math.multiplyExact(n, f)));
        } else {
            ONE_STEP_SAMPLE_DIVISORS.forEach(d -> out.add(Math.max(1, n / d)));
        }
        return List.copyOf(out);
    }

    /**
     * @param k seeds
     * @return a copy with it
     */
    public ValidationOptions withSeeds(int k) {
        return new ValidationOptions(k, trialSweep, sampleSweep, bootstrapResamples, randomizationSteps,
                ablationSamples, quick, lesions, lesionBlocks, pruning);
    }

    /**
     * @param sweep trial counts, increasing
     * @return a copy with them
     */
    public ValidationOptions withTrialSweep(List<Integer> sweep) {
        return new ValidationOptions(seeds, sweep, sampleSweep, bootstrapResamples, randomizationSteps, ablationSamples,
                quick, lesions, lesionBlocks, pruning);
    }

    /**
     * @param sweep sample counts, increasing (empty: skip)
     * @return a copy with them
     */
    public ValidationOptions withSampleSweep(List<Integer> sweep) {
        return new ValidationOptions(seeds, trialSweep, sweep, bootstrapResamples, randomizationSteps, ablationSamples,
                quick, lesions, lesionBlocks, pruning);
    }

    /**
     * @param resamples bootstrap resamples
     * @return a copy with it
     */
    public ValidationOptions withBootstrapResamples(int resamples) {
        return new ValidationOptions(seeds, trialSweep, sampleSweep, resamples, randomizationSteps, ablationSamples,
                quick, lesions, lesionBlocks, pruning);
    }

    /**
     * @param steps cascade steps
     * @return a copy with them
     */
    public ValidationOptions withRandomizationSteps(RandomizationSteps steps) {
        return new ValidationOptions(seeds, trialSweep, sampleSweep, bootstrapResamples, steps, ablationSamples,
                quick, lesions, lesionBlocks, pruning);
    }

    /**
     * @param n fitting samples the ablations average over, or null for the analysis's
     * @return a copy with it
     */
    public ValidationOptions withAblationSamples(Integer n) {
        return new ValidationOptions(seeds, trialSweep, sampleSweep, bootstrapResamples, randomizationSteps, n,
                quick, lesions, lesionBlocks, pruning);
    }

    /**
     * @param run whether to run the lesion studies
     * @return a copy with it (and every residual unit lesioned when on)
     */
    public ValidationOptions withLesions(boolean run) {
        return new ValidationOptions(seeds, trialSweep, sampleSweep, bootstrapResamples, randomizationSteps,
                ablationSamples, quick, run, null, pruning);
    }

    /**
     * @param blocks the blocks to lesion as residual units (each must be one), or null for every unit
     * @return a copy with them, lesion studies on
     */
    public ValidationOptions withLesionBlocks(List<String> blocks) {
        return new ValidationOptions(seeds, trialSweep, sampleSweep, bootstrapResamples, randomizationSteps,
                ablationSamples, quick, true, blocks, pruning);
    }

    /**
     * @param plan the pruning check's plan ({@link PruningPlan#defaults()}), or null to skip it
     * @return a copy with it
     */
    public ValidationOptions withPruning(PruningPlan plan) {
        return new ValidationOptions(seeds, trialSweep, sampleSweep, bootstrapResamples, randomizationSteps,
                ablationSamples, quick, lesions, lesionBlocks, plan);
    }

    /**
     * @param analysis the analysis options
     * @return the fitting samples the ablations average over: {@code ablationSamples}, or the analysis's N
     */
    public int ablationSamples(AnalysisOptions analysis) {
        return ablationSamples != null ? ablationSamples : analysis.samples();
    }

    /**
     * @param analysis the analysis options
     * @return the largest N the data must hold: the analysis's, the sweep's and the ablations'
     */
    public int fitSamplesNeeded(AnalysisOptions analysis) {
        int n = Math.max(analysis.samples(), ablationSamples(analysis));
        for (int s : sampleSweep) {
            n = Math.max(n, s);
        }
        return n;
    }

    private static List<Integer> increasing(String what, List<Integer> values, int min, int max) {
        Objects.requireNonNull(values, what);
        List<Integer> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            Integer v = values.get(i);
            if (v == null || v < min || v > max) {
                throw new InvalidOptionException(what, "expected counts in " + min + ".." + max + ", found " + v);
            }
            if (i > 0 && v <= values.get(i - 1)) {
                throw new InvalidOptionException(what, "expected increasing counts, found " + values.get(i - 1)
                        + " before " + v);
            }
            out.add(v);
        }
        return List.copyOf(out);
    }
}
