package io.koopcredit.validation.stability;

import io.koopcredit.base.InputException;
import io.koopcredit.base.Seeds;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.koopman.FitData;
import io.koopcredit.koopman.KoopmanEstimator;
import io.koopcredit.koopman.KoopmanOperator;
import io.koopcredit.model.BlockActivations;
import io.koopcredit.model.PartitionedNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Every trial operator of one analysis, which {@code CreditResult} does not keep: the same estimator on
 * the same fitting activations with {@code Seeds.generator(seed, block, trial)}, exactly as
 * {@code CreditAnalysis} draws them, so the mean over the first T trials is the operator an analysis with
 * T trials reports.
 */
final class TrialOperators {
    private TrialOperators() {
    }

    /**
     * One block's trials.
     *
     * @param operators the trial operators in trial order (empty when a trial failed)
     * @param failure why the block has no operators (null when it has them)
     */
    record BlockTrials(List<KoopmanOperator> operators, String failure) {
        BlockTrials {
            operators = List.copyOf(operators);
            if (operators.isEmpty() == (failure == null)) {
                throw new IllegalArgumentException("a block has operators or a failure");
            }
        }
    }

    /**
     * Fits every (block, trial) on the pool; results are collected in block and trial order, so they do
     * not depend on the number of threads.
     *
     * @param pn the compiled network; not closed
     * @param fit real block inputs and outputs on the fitting samples; not modified
     * @param settings the estimator's settings
     * @param seed the seed
     * @param trials trials per block (the estimator may run fewer)
     * @param pool where the trials run; not shut down
     * @param done called after each trial (from worker threads)
     * @return per block, its trials
     * @throws InputException if a trial rejects its input (as the analysis would)
     */
    static List<BlockTrials> fit(PartitionedNetwork pn, BlockActivations fit, Estimator settings, long seed,
                                 int trials, ExecutorService pool, Runnable done) {
        KoopmanEstimator estimator = KoopmanEstimator.of(settings);
        // A deterministic estimator gives the same operator in every trial: one is enough.
        int t = settings.kind().iterates() ? trials : 1;
        int m = pn.partition().size();
        List<List<Future<KoopmanOperator>>> futures = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            final int block = i;
            FitData data = new FitData(fit.input(i), fit.output(i), fit.count());
            List<Future<KoopmanOperator>> perBlock = new ArrayList<>();
            for (int k = 0; k < t; k++) {
                final int trial = k;
                perBlock.add(pool.submit(() -> {
                    KoopmanOperator op = estimator.fit(pn.block(block), data, trial,
                            Seeds.generator(seed, block, trial)).operator();
                    done.run();
                    return op;
                }));
            }
            futures.add(perBlock);
        }
        List<BlockTrials> out = new ArrayList<>();
        for (List<Future<KoopmanOperator>> perBlock : futures) {
            List<KoopmanOperator> ops = new ArrayList<>();
            String failure = null;
            for (Future<KoopmanOperator> f : perBlock) {
                try {
                    ops.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof InputException ie) {
                        throw ie;
                    }
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    if (failure == null) {
                        failure = "estimation failed: " + e.getCause();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            out.add(failure == null ? new BlockTrials(ops, null) : new BlockTrials(List.of(), failure));
        }
        return out;
    }
}
