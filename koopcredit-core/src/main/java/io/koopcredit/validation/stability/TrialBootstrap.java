package io.koopcredit.validation.stability;

import io.koopcredit.base.Seeds;
import io.koopcredit.credit.BlockCredit;
import io.koopcredit.stats.Statistics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Percentile bootstrap of a block's log credit over the trial operators of one run: resample the T trials
 * with replacement, recompute the mean operator and its credit, take the percentiles. Resample r of block
 * i draws from {@code Seeds.generator(seed, BOOTSTRAP_STREAM + i, r)}, so the interval does not depend
 * on the order in which resamples run.
 */
final class TrialBootstrap {

    /** The confidence level: the 2.5% and 97.5% percentiles. */
    static final double LEVEL = 0.95;

    /**
     * Offset of the bootstrap's random streams, apart from the estimators' (stream = block index) and from
     * the re-randomized weights'.
     */
    static final long BOOTSTRAP_STREAM = 1L << 41;

    /**
     * Work budget per block, in multiply-adds ({@link OperatorEnsemble#cost()} per resample): 10^11,
     * about half a minute on one core of this project's machine. A block whose resamples cost more gets
     * fewer resamples (never fewer than {@link ValidationOptions#MIN_BOOTSTRAP}); on LeNet-5 this reduces
     * only conv2, whose mean of 10 faithful trials spans about 1200 directions.
     */
    static final double WORK_BUDGET = 1e11;

    private TrialBootstrap() {
    }

    /**
     * @param ensemble the block's trial operators; not modified
     * @param requested the resamples asked for
     * @return the resamples the block gets: the request, reduced to fit {@link #WORK_BUDGET}
     */
    static int resamples(OperatorEnsemble ensemble, int requested) {
        double cost = ensemble.cost();
        if (cost <= 0) {
            return requested;
        }
        long affordable = (long) Math.floor(WORK_BUDGET / cost);
        return (int) Math.max(BootstrapInterval.MIN_RESAMPLES, Math.min(requested, affordable));
    }

    /**
     * @param ensemble the block's T trial operators; not modified
     * @param resamples how many resamples
     * @param seed the analysis seed
     * @param block the block index
     * @param pool where resamples run; not shut down
     * @param done called after each resample (from worker threads)
     * @return the interval, or empty if fewer than {@link ValidationOptions#MIN_BOOTSTRAP} resamples had a
     *     credit
     */
    static Optional<BootstrapInterval> interval(OperatorEnsemble ensemble, int resamples, long seed, int block,
                                                ExecutorService pool, Runnable done) {
        int t = ensemble.size();
        List<Future<Optional<BlockCredit>>> futures = new ArrayList<>();
        for (int r = 0; r < resamples; r++) {
            final int resample = r;
            futures.add(pool.submit(() -> {
                SplittableRandom rng = Seeds.generator(seed, BOOTSTRAP_STREAM + block, resample);
                double[] weights = new double[t];
                for (int k = 0; k < t; k++) {
                    weights[rng.nextInt(t)] += 1.0 / t;
                }
                Optional<BlockCredit> c = ensemble.credit(weights);
                done.run();
                return c;
            }));
        }
        double[] values = new double[resamples];
        int n = 0;
        for (Future<Optional<BlockCredit>> f : futures) {
            try {
                Optional<BlockCredit> c = f.get();
                if (c.isPresent()) {
                    values[n++] = c.get().logCredit();
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("bootstrap resample failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        if (n < BootstrapInterval.MIN_RESAMPLES) {
            return Optional.empty();
        }
        double[] credits = Arrays.copyOf(values, n);
        double tail = (1 - LEVEL) / 2;
        double[] uniform = new double[t];
        Arrays.fill(uniform, 1.0 / t);
        Double estimate = ensemble.credit(uniform).map(BlockCredit::logCredit).orElse(null);
        return Optional.of(new BootstrapInterval(resamples, n, LEVEL, Statistics.quantile(credits, tail),
                Statistics.median(credits), Statistics.quantile(credits, 1 - tail), estimate));
    }
}
