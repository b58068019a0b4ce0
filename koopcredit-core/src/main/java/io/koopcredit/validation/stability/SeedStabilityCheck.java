package io.koopcredit.validation.stability;

import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.BlockCredit;
import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditAnalysis;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.CreditTolerance;
import io.koopcredit.credit.ProgressListener;
import io.koopcredit.koopman.KoopmanOperator;
import io.koopcredit.model.BlockActivations;
import io.koopcredit.model.Network;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.stats.Statistics;
import io.koopcredit.validation.stats.RankCorrelation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stability across seeds and trials for an estimator that draws random alignments: K seeds, T_max trials
 * each, recomputed with {@link TrialOperators}; per block the credit of each seed, its spread and a
 * bootstrap interval over the first seed's trials; Kendall τ between the seeds' rankings; and the T sweep
 * against the T_max ranking across seeds, with the pooled ranking of all K·T_max trials beside it.
 *
 * <p>Every T-trial credit is computed from the mean operator of the first T trials exactly as
 * {@code CreditAnalysis} computes it ({@link KoopmanOperator#mean}, {@link BlockCredit#of}), so it is
 * the credit an analysis with {@code --trials T --seed s} reports; the first seed's T_max credits are
 * checked against the analysis being validated ({@link SeedStability#reproductionError()}).
 */
public final class SeedStabilityCheck {

    /**
     * The Kendall τ at which a ranking counts as stable: 0.9, the threshold. For the 7 blocks of
     * LeNet-5 (21 pairs) τ ≥ 0.9 allows one swapped pair (τ = 19/21 = 0.905); for 4 blocks it allows none.
     */
    static final double STABLE_TAU = 0.9;

    /**
     * What the seed study found.
     *
     * @param seeds credits across seeds
     * @param trials the T sweep
     */
    public record Outcome(SeedStability seeds, TrialSweep trials) {
    }

    /**
     * What the seed study runs.
     *
     * @param seeds how many seeds (the analysis's first)
     * @param trialSweep the numbers of trials T compared, ending at the analysis's T
     * @param bootstrapResamples resamples of the bootstrap over trials
     */
    public record Plan(int seeds, List<Integer> trialSweep, int bootstrapResamples) {
        /** Copies the sweep. */
        public Plan {
            trialSweep = List.copyOf(trialSweep);
        }
    }

    private SeedStabilityCheck() {
    }

    /**
     * @param network the network the analysis ran on; not closed here
     * @param base the analysis being validated; not modified
     * @param data data with at least the analysis's fitting samples; not modified
     * @param options what to run (seeds, T sweep, bootstrap resamples)
     * @param pool worker threads; not shut down
     * @param progress hears the stages {@code seeds} and {@code bootstrap}
     * @return the seed study
     */
    public static Outcome run(Network network, CreditResult base, AnalysisData data, Plan options,
                       ExecutorService pool, ProgressListener progress) {
        AnalysisOptions o = base.options();
        int tMax = o.trials();
        List<Integer> sweep = options.trialSweep();
        if (sweep.get(sweep.size() - 1) != tMax) {
            throw new IllegalArgumentException("the trial sweep must end at the analysis's T = " + tMax + ", found "
                    + sweep);
        }
        int m = base.partition().size();
        int seedCount = options.seeds();
        List<Long> seeds = new ArrayList<>();
        for (int k = 0; k < seedCount; k++) {
            seeds.add(o.seed() + k);
        }
        Double[][][] credits = new Double[seedCount][sweep.size()][m];
        List<List<KoopmanOperator>> seedMeans = new ArrayList<>();
        for (int b = 0; b < m; b++) {
            seedMeans.add(new ArrayList<>());
        }
        String[] notes = new String[m];
        BootstrapInterval[] intervals = new BootstrapInterval[m];
        AnalysisData d = data.firstFitSamples(o.samples());
        try (PartitionedNetwork pn = CreditAnalysis.compile(network, network.partition(o.blocks()), o)) {
            BlockActivations fit = pn.activations(d.fit(), d.fitCount());
            AtomicInteger done = new AtomicInteger();
            int total = seedCount * m * tMax;
            for (int k = 0; k < seedCount; k++) {
                List<TrialOperators.BlockTrials> trials = TrialOperators.fit(pn, fit, o.estimator(),
                        seeds.get(k), tMax, pool, () -> progress.update("seeds", done.incrementAndGet(), total));
                List<Future<KoopmanOperator>> means = new ArrayList<>();
                for (int b = 0; b < m; b++) {
                    TrialOperators.BlockTrials bt = trials.get(b);
                    if (bt.failure() != null) {
                        notes[b] = join(notes[b], "seed " + seeds.get(k) + ": " + bt.failure());
                        means.add(null);
                        continue;
                    }
                    final int seedIndex = k;
                    final int block = b;
                    means.add(pool.submit(() -> {
                        KoopmanOperator mean = null;
                        for (int p = 0; p < sweep.size(); p++) {
                            mean = KoopmanOperator.mean(bt.operators().subList(0, sweep.get(p)));
                            Optional<BlockCredit> c = BlockCredit.of(mean, tolerance(base, block));
                            credits[seedIndex][p][block] = c.map(BlockCredit::logCredit).orElse(null);
                        }
                        return mean;
                    }));
                }
                for (int b = 0; b < m; b++) {
                    if (means.get(b) != null) {
                        seedMeans.get(b).add(get(means.get(b)));
                    }
                }
                if (k == 0) {
                    bootstrap(trials, options.bootstrapResamples(), o.seed(), pool, progress, intervals, notes, base);
                }
            }
        }
        List<Future<Double>> pooledFutures = new ArrayList<>();
        for (int b = 0; b < m; b++) {
            List<KoopmanOperator> means = seedMeans.get(b);
            CreditTolerance tolerance = tolerance(base, b);
            pooledFutures.add(means.size() < seedCount ? null : pool.submit(() ->
                    BlockCredit.of(KoopmanOperator.mean(means), tolerance).map(BlockCredit::logCredit)
                            .orElse(null)));
        }
        Double[] pooled = new Double[m];
        for (int b = 0; b < m; b++) {
            pooled[b] = pooledFutures.get(b) == null ? null : get(pooledFutures.get(b));
            if (pooledFutures.get(b) == null) {
                notes[b] = join(notes[b], "no pooled credit: some seed has no operator");
            }
        }
        int last = sweep.size() - 1;
        List<BlockStability> blocks = new ArrayList<>();
        for (int b = 0; b < m; b++) {
            List<Double> perSeed = new ArrayList<>();
            for (int k = 0; k < seedCount; k++) {
                perSeed.add(credits[k][last][b]);
            }
            blocks.add(blockStability(base.blocks().get(b).name(), perSeed, pooled[b], intervals[b], notes[b]));
        }
        return new Outcome(seedStability(seeds, tMax, blocks, credits, last, options, base), trialSweep(sweep, credits,
                pooled, seeds));
    }

    /** @return the credit tolerance the analysis used for block {@code b}, resolved for its data */
    private static CreditTolerance tolerance(CreditResult base, int b) {
        return base.blocks().get(b).numerics().creditTolerance();
    }

    private static void bootstrap(List<TrialOperators.BlockTrials> trials, int requested, long seed,
                                  ExecutorService pool, ProgressListener progress, BootstrapInterval[] intervals,
                                  String[] notes, CreditResult base) {
        List<OperatorEnsemble> ensembles = new ArrayList<>();
        int total = 0;
        for (int b = 0; b < trials.size(); b++) {
            TrialOperators.BlockTrials bt = trials.get(b);
            OperatorEnsemble e = bt.failure() == null ? OperatorEnsemble.of(bt.operators(), tolerance(base, b)) : null;
            ensembles.add(e);
            total += e == null ? 0 : TrialBootstrap.resamples(e, requested);
        }
        AtomicInteger done = new AtomicInteger();
        final int all = total;
        for (int b = 0; b < ensembles.size(); b++) {
            OperatorEnsemble e = ensembles.get(b);
            if (e == null) {
                continue;
            }
            int resamples = TrialBootstrap.resamples(e, requested);
            if (resamples < requested) {
                notes[b] = join(notes[b], "bootstrap reduced to " + resamples + " of " + requested
                        + " resamples (work budget " + String.format(Locale.ROOT, "%.0e", TrialBootstrap.WORK_BUDGET)
                        + " multiply-adds per block)");
            }
            Optional<BootstrapInterval> ci = TrialBootstrap.interval(e, resamples, seed, b, pool,
                    () -> progress.update("bootstrap", done.incrementAndGet(), all));
            intervals[b] = ci.orElse(null);
            if (ci.isEmpty()) {
                notes[b] = join(notes[b], "no bootstrap interval: fewer than " + BootstrapInterval.MIN_RESAMPLES
                        + " resamples had a credit (" + base.blocks().get(b).name() + ")");
            }
        }
    }

    private static BlockStability blockStability(String name, List<Double> perSeed, Double pooled,
                                                  BootstrapInterval interval, String note) {
        double[] v = perSeed.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
        Double mean = v.length == 0 ? null : Statistics.mean(v);
        Double std = null;
        if (v.length >= 2) {
            double ss = 0;
            for (double x : v) {
                ss += (x - mean) * (x - mean);
            }
            std = Math.sqrt(ss / (v.length - 1));
        }
        if (v.length < perSeed.size()) {
            note = join(note, (perSeed.size() - v.length) + " of " + perSeed.size() + " seeds gave no credit");
        }
        return new BlockStability(name, perSeed, v.length, mean, std, pooled, interval, note);
    }

    private static SeedStability seedStability(List<Long> seeds, int tMax, List<BlockStability> blocks,
                                               Double[][][] credits, int last, Plan options,
                                               CreditResult base) {
        int k = seeds.size();
        int pairs = 0;
        int defined = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                pairs++;
                RankCorrelation c = correlate(credits[a][last], credits[b][last]);
                if (c.kendall() != null) {
                    defined++;
                    sum += c.kendall();
                    min = Math.min(min, c.kendall());
                }
            }
        }
        Double reproduction = null;
        for (int b = 0; b < blocks.size(); b++) {
            BlockResult r = base.blocks().get(b);
            Double mine = credits[0][last][b];
            if (r.credit() != null && mine != null) {
                double diff = Math.abs(r.credit().logCredit() - mine);
                reproduction = reproduction == null ? diff : Math.max(reproduction, diff);
            }
        }
        return new SeedStability(seeds, tMax, blocks, pairs, defined, defined == 0 ? null : sum / defined,
                defined == 0 ? null : min, options.bootstrapResamples(), reproduction);
    }

    /**
     * @param sweep the T values, increasing; not modified
     * @param credits log credits by seed, T index and block (null: no credit); not modified
     * @param pooled the pooled K·T_max-trial log credits by block; not modified
     * @param seeds the seeds; not modified
     * @return each T's taus against the T_max ranking across seeds and the smallest stable T
     */
    static TrialSweep trialSweep(List<Integer> sweep, Double[][][] credits, Double[] pooled, List<Long> seeds) {
        int last = sweep.size() - 1;
        int tMax = sweep.get(last);
        Double[] reference = meanOverSeeds(credits, last, pooled.length);
        List<TrialPoint> points = new ArrayList<>();
        Integer needed = null;
        for (int p = 0; p < sweep.size(); p++) {
            List<Double> taus = new ArrayList<>();
            double sum = 0;
            int defined = 0;
            boolean allDefined = true;
            double min = Double.POSITIVE_INFINITY;
            for (int k = 0; k < seeds.size(); k++) {
                Double tau = correlate(credits[k][p], reference).kendall();
                taus.add(tau);
                if (tau == null) {
                    allDefined = false;
                } else {
                    sum += tau;
                    defined++;
                    min = Math.min(min, tau);
                }
            }
            Double minTau = allDefined ? min : null;
            points.add(new TrialPoint(sweep.get(p), taus, defined == 0 ? null : sum / defined, minTau,
                    Arrays.asList(meanOverSeeds(credits, p, pooled.length))));
            if (needed == null && minTau != null && minTau >= STABLE_TAU) {
                needed = sweep.get(p);
            }
        }
        RankCorrelation drift = correlate(reference, pooled);
        String rule = "reference: blocks ordered by mean log credit over the " + seeds.size() + " seeds at T = " + tMax
                + "; stable: Kendall tau >= " + STABLE_TAU + " for every seed";
        String note;
        if (needed != null) {
            note = "smallest T of the sweep whose ranking is stable; " + rule;
        } else {
            TrialPoint lastPoint = points.get(last);
            note = "not reached for T <= " + tMax + " (min tau at T = " + tMax + ": "
                    + (lastPoint.minTau() == null ? "undefined" : String.format(Locale.ROOT, "%.3f", lastPoint.minTau()))
                    + "); " + rule;
        }
        return new TrialSweep(points, STABLE_TAU, needed, drift, note);
    }

    /** @return per block, the mean over the seeds that have a credit at T index p (null if none) */
    private static Double[] meanOverSeeds(Double[][][] credits, int p, int blocks) {
        Double[] out = new Double[blocks];
        for (int b = 0; b < blocks; b++) {
            double total = 0;
            int n = 0;
            for (Double[][] perSeed : credits) {
                if (perSeed[p][b] != null) {
                    total += perSeed[p][b];
                    n++;
                }
            }
            out[b] = n == 0 ? null : total / n;
        }
        return out;
    }

    /** Rank correlation over the blocks where both lists have a credit. */
    static RankCorrelation correlate(Double[] a, Double[] b) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            if (a[i] != null && b[i] != null) {
                x.add(a[i]);
                y.add(b[i]);
            }
        }
        return RankCorrelation.of(x.stream().mapToDouble(Double::doubleValue).toArray(),
                y.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static String join(String a, String b) {
        return a == null ? b : a + "; " + b;
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a stability computation failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
