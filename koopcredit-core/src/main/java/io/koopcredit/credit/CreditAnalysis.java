package io.koopcredit.credit;

import io.koopcredit.base.InputException;
import io.koopcredit.base.MemoryExhausted;
import io.koopcredit.base.Seeds;
import io.koopcredit.koopman.BlockOperator;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.koopman.EstimatorKind;
import io.koopcredit.koopman.FitData;
import io.koopcredit.koopman.KoopmanEstimator;
import io.koopcredit.koopman.KoopmanOperator;
import io.koopcredit.koopman.Scale;
import io.koopcredit.koopman.TrajectoryStats;
import io.koopcredit.koopman.TrialFit;
import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Vectors;
import io.koopcredit.model.Block;
import io.koopcredit.model.StoredActivations;
import io.koopcredit.model.BlockFunction;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.Network;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.model.Precision;
import io.koopcredit.stats.Statistics;
import io.koopcredit.store.ColumnStore;
import io.koopcredit.store.MemoryBudget;
import io.koopcredit.store.MemorySize;
import io.koopcredit.store.Spill;
import io.koopcredit.store.Stores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The library's entry point: the paper's credit assignment (Section III) for one network.
 *
 * <ol>
 *   <li>Block partition (III.A) and one pass of the full network for every block's real inputs.</li>
 *   <li>Per block and trial, in parallel: the Koopman estimator (III.B–C).</li>
 *   <li>Per block: the mean operator over trials, block credit and kernel credits (III.D), fidelity on
 *       held-out inputs.</li>
 *   <li>Over all blocks: block sensitivity (Theorem 5), the credit ranking, feature weights from
 *       K = K_m⋯K_1 and how well that product stands in for the network.</li>
 * </ol>
 *
 * <p>Every random draw comes from a generator seeded by (seed, block, trial) alone and results are
 * combined in block and trial order, so the result does not depend on the number of threads.
 */
public final class CreditAnalysis {
    private CreditAnalysis() {
    }

    /**
     * Runs the analysis.
     *
     * @param network the network; not closed here
     * @param data fitting and held-out samples (counts must equal the options' samples and holdout)
     * @param options the options
     * @param progress hears about finished trials
     * @return the result
     * @throws InputException if the data does not fit the network or the options
     */
    public static CreditResult run(Network network, AnalysisData data, AnalysisOptions options,
                                   ProgressListener progress) {
        return run(network, data, options, progress, null);
    }

    /**
     * Runs the analysis with the (block, trial) fits left to a runner (a cluster, say); everything else
     * runs here, as in {@link #run(Network, AnalysisData, AnalysisOptions, ProgressListener)}, which gives
     * the same result.
     *
     * @param network the network; not closed here
     * @param data fitting and held-out samples (counts must equal the options' samples and holdout)
     * @param options the options
     * @param progress hears about finished trials
     * @param trials who fits the trials, or null for this JVM's worker threads
     * @return the result
     * @throws InputException if the data does not fit the network or the options, or the runner reports a
     *     user error
     */
    public static CreditResult run(Network network, AnalysisData data, AnalysisOptions options,
                                   ProgressListener progress, TrialRunner trials) {
        return run(network, data, options, progress, trials, FeatureWeights.INLINE_VALUES);
    }

    /**
     * As {@link #run(Network, AnalysisData, AnalysisOptions, ProgressListener, TrialRunner)}, with the size up
     * to which feature weights are kept inline given (tests force the computed form on small models with it).
     *
     * @param inlineLimit the most classes × inputs kept inline ({@link FeatureWeights#INLINE_VALUES})
     */
    static CreditResult run(Network network, AnalysisData data, AnalysisOptions options,
                            ProgressListener progress, TrialRunner trials, long inlineLimit) {
        Objects.requireNonNull(progress, "progress");
        long start = System.nanoTime();
        if (data.fitCount() != options.samples() || data.holdoutCount() != options.holdout()) {
            throw new IllegalArgumentException("data holds " + data.fitCount() + " fitting and " + data.holdoutCount()
                    + " held-out samples; the options ask for " + options.samples() + " and " + options.holdout());
        }
        int inputSize = network.info().inputShape().size();
        if (data.sampleSize() != inputSize) {
            throw new InputException("data: samples of " + data.sampleSize() + " values do not fit the model input "
                    + network.info().inputShape() + " (" + inputSize + " values)");
        }
        requireLabelsFit(data, network.info().outputShape().size());
        BlockPartition partition = network.partition(options.blocks());
        Formulation formulation = formulation(options, partition);
        MemoryBudget budget = options.memory().budget();
        if (trials != null && trials.heapInThisJvm() > 0) {
            budget.fix(trials.heapInThisJvm(), 0, "the cluster's memory in this JVM ("
                    + MemorySize.format(trials.heapInThisJvm()) + ")");
        }
        int passBatch = network.passBatch(partition);
        // The first line of defence: everything that can be predicted is checked before ONNX Runtime runs.
        MemoryPlan plan = MemoryPlan.of(partition, options, formulation, data.fitCount(), data.holdoutCount(),
                modelBytes(network), passBatch, budget);
        try (Stores stores = new Stores(budget, Spill.defaultRoot());
             PartitionedNetwork pn = compile(network, partition, options)) {
            long t0 = System.nanoTime();
            StoredActivations fit = null;
            StoredActivations held = null;
            // What runs, for the one line if the heap runs out anyway (the plan should have prevented it).
            String doing = "running the network on " + data.fitCount() + " fitting and " + data.holdoutCount()
                    + " held-out samples";
            try {
                // With a runner of the Gram form's reads (a cluster), the driver never runs the pass: the
                // runner's side runs it and reads the activations (FactorRunner).
                boolean passElsewhere = formulation == Formulation.SCALABLE && trials instanceof FactorRunner
                        && options.estimator() instanceof Estimator.OneStep;
                if (!passElsewhere) {
                    fit = pass(pn, data.fit(), data.fitCount(), "fit", stores, plan, options.threads(), progress);
                    held = pass(pn, data.holdout(), data.holdoutCount(), "held", stores, plan, options.threads(),
                            progress);
                }
                doing = "estimating the operators of the " + partition.size() + " blocks, their credits and the"
                        + " feature weights";
                double activationSeconds = passElsewhere ? 0 : Workers.secondsSince(t0);
                ExecutorService pool = Workers.pool(options.threads(), "koopcredit-worker");
                try {
                    Run run = new Run(pn, fit, held, data, resolve(options, partition), budget, progress, pool,
                            inlineLimit);
                    if (formulation == Formulation.SCALABLE && options.estimator() instanceof Estimator.OneStep o) {
                        if (trials != null && !(trials instanceof FactorRunner)) {
                            throw new InputException("the one-step estimator's scalable formulation (a block of more"
                                    + " than the dense size threshold) needs a runner of its R factors: expected a run"
                                    + " without a cluster, a cluster that also computes the R factors, or the dense"
                                    + " formulation, found a trial runner (" + trials.getClass().getSimpleName() + ")");
                        }
                        ScalableOneStep.Result r = ScalableOneStep.analyse(run, o, stores, network,
                                trials instanceof FactorRunner f ? f : null);
                        List<KoopmanOperator> none = java.util.Collections.nCopies(r.blocks().size(), null);
                        return assemble(network, run, r.blocks(), r.global(), none, new double[] {activationSeconds,
                                r.estimationSeconds(), r.globalSeconds()}, start, plan, stores);
                    }
                    return analyse(network, run, start, activationSeconds, plan, stores, trials, formulation);
                } finally {
                    pool.shutdownNow();
                }
            } catch (OutOfMemoryError e) {
                throw MemoryExhausted.during(doing, e);
            } finally {
                if (fit != null) {
                    fit.close();
                }
                if (held != null) {
                    held.close();
                }
            }
        }
    }

    /**
     * Resolves {@link Formulation#AUTO} by the model's size: scalable when some block is large
     * ({@link Scale#isLarge}), for the estimators that have a scalable form.
     *
     * @param options the options
     * @param partition the blocks
     * @return dense or scalable
     * @throws io.koopcredit.base.InvalidOptionException if the estimator has no scalable form but it was asked
     *     for
     */
    public static Formulation formulation(AnalysisOptions options, BlockPartition partition) {
        boolean large = partition.blocks().stream().anyMatch(b -> Scale.isLarge(b.nIn(), b.nOut()));
        boolean scalable = !(options.estimator() instanceof Estimator.Pca);
        if (options.formulation() == Formulation.SCALABLE && !scalable) {
            throw new io.koopcredit.base.InvalidOptionException("formulation", "expected auto or dense with the "
                    + options.kind().spec() + " estimator, found scalable (only the one-step and faithful estimators"
                    + " have it)");
        }
        return switch (options.formulation()) {
            case DENSE -> Formulation.DENSE;
            case SCALABLE -> Formulation.SCALABLE;
            case AUTO -> large && scalable ? Formulation.SCALABLE : Formulation.DENSE;
        };
    }

    /**
     * What the phases of one analysis share ({@code fit} and {@code held} null when the pass ran elsewhere:
     * the one-step estimator's Gram form with a {@link FactorRunner}).
     */
    record Run(PartitionedNetwork pn, StoredActivations fit, StoredActivations held, AnalysisData data,
                       AnalysisOptions options, MemoryBudget budget, ProgressListener progress, ExecutorService pool,
                       long inlineLimit) {
    }

    /** One pass of the full network into stores placed by the plan. */
    private static StoredActivations pass(PartitionedNetwork pn, float[] samples, int count, String name,
                                          Stores stores, MemoryPlan plan, int threads, ProgressListener progress) {
        String stage = name.equals("fit") ? "activations (fitting samples)" : "activations (held-out samples)";
        progress.update(stage, 0, count);
        return pn.activations(samples, count,
                (b, rows, cols, element) -> stores.create(rows, cols, element, name + "-" + b,
                        plan.activationsInMemory()),
                threads, done -> progress.update(stage, done, count));
    }

    /** @return the model file's size, or 0 if it cannot be read (a model built in memory) */
    private static long modelBytes(Network network) {
        try {
            return java.nio.file.Files.size(network.info().path());
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Compiles the blocks as an analysis with these options evaluates them: in the options' precision for
     * the faithful estimator (which iterates the blocks), in float32 otherwise (the one-step estimator fits
     * the network's own pass).
     *
     * @param network the network; not closed here
     * @param partition a partition of it
     * @param options the options
     * @return the runnable blocks; the caller closes them
     * @throws InputException if a block cannot run in an explicitly requested precision
     */
    public static PartitionedNetwork compile(Network network, BlockPartition partition, AnalysisOptions options) {
        try {
            if (options.estimator() instanceof Estimator.Faithful f) {
                return network.compile(partition, f.precision().requested(), f.precision().fallBack());
            }
            return network.compile(partition, Precision.FLOAT32, false);
        } catch (OutOfMemoryError e) {
            throw MemoryExhausted.during("preparing the " + partition.size() + " blocks of " + network.info().path()
                    + " to run on their own", e);
        }
    }

    /**
     * @return the options with every rule resolved for this partition: the PCA estimator's number of
     *     components ({@link Defaults#pcaComponents}) when it is left to the rule, and the faithful
     *     estimator's alignment {@code auto} ({@link io.koopcredit.koopman.AlignmentDistribution#forModel})
     */
    static AnalysisOptions resolve(AnalysisOptions options, BlockPartition partition) {
        if (options.estimator() instanceof Estimator.Pca p && p.components() == 0) {
            return options.withEstimator(p.components(Defaults.pcaComponents(partition, p.samples())));
        }
        if (options.estimator() instanceof Estimator.Faithful f) {
            return options.withEstimator(f.alignment(f.alignment().forModel(partition)));
        }
        return options;
    }

    /**
     * The held-out labels are compared with the argmax of the network's output, so each must name one of
     * its outputs; labels outside would silently count as wrong predictions.
     */
    private static void requireLabelsFit(AnalysisData data, int outputs) {
        int[] labels = data.holdoutLabels();
        if (labels == null) {
            return;
        }
        for (int j = 0; j < labels.length; j++) {
            if (labels[j] < 0 || labels[j] >= outputs) {
                long outside = java.util.Arrays.stream(labels).filter(l -> l < 0 || l >= outputs).count();
                throw new InputException("data (" + data.description() + "): label " + labels[j]
                        + " of held-out sample " + j + " is not a class of the model; expected labels from 0 to "
                        + (outputs - 1) + " (the model has " + outputs + " output" + (outputs == 1 ? "" : "s")
                        + "), found " + outside + " of " + labels.length + " labels outside that range");
            }
        }
    }

    private static CreditResult analyse(Network network, Run run, long start, double activationSeconds,
                                        MemoryPlan plan, Stores stores, TrialRunner runner, Formulation formulation) {
        AnalysisOptions options = run.options();
        int m = run.pn().partition().size();
        CompactFaithful.TrialSpace space = CompactFaithful.snapshotSpace(options.estimator(), formulation, stores);
        KoopmanEstimator estimator = KoopmanEstimator.of(options.estimator(), space);
        int trials = options.trials();
        // A large block's trial operators wait in spill files for its summary (CompactFaithful.parks).
        CompactFaithful.Parked[][] parked = new CompactFaithful.Parked[m][trials];
        try {
            return analyse(network, run, start, activationSeconds, plan, stores, runner, formulation, space,
                    estimator, parked);
        } finally {
            for (CompactFaithful.Parked[] block : parked) {
                for (CompactFaithful.Parked p : block) {
                    if (p != null) {
                        p.close();
                    }
                }
            }
        }
    }

    private static CreditResult analyse(Network network, Run run, long start, double activationSeconds,
                                        MemoryPlan plan, Stores stores, TrialRunner runner, Formulation formulation,
                                        CompactFaithful.TrialSpace space, KoopmanEstimator estimator,
                                        CompactFaithful.Parked[][] parked) {
        PartitionedNetwork pn = run.pn();
        AnalysisOptions options = run.options();
        ProgressListener progress = run.progress();
        ExecutorService pool = run.pool();
        AnalysisData data = run.data();
        BlockPartition partition = pn.partition();
        int m = partition.size();
        int trials = options.trials();
        boolean[] parks = new boolean[m];

        // Phase 1: every (block, trial), on the pool (each holding its reservation while it runs) unless a
        // runner takes them.
        long t1 = System.nanoTime();
        List<List<TrialFit>> fits = new ArrayList<>();
        String[] failures = new String[m];
        if (runner != null) {
            List<TrialRunner.BlockFits> fitted = runner.fitAll(new TrialRunner.Job(network, pn, data.fit(),
                    run.fit().toArrays(), options, progress));
            if (fitted.size() != m) {
                throw new IllegalStateException("the trial runner returned " + fitted.size() + " blocks, expected "
                        + m);
            }
            for (int i = 0; i < m; i++) {
                fits.add(fitted.get(i).fits());
                failures[i] = fitted.get(i).failure();
            }
        } else {
            AtomicInteger done = new AtomicInteger();
            int totalTrials = m * trials;
            progress.update("trials", 0, totalTrials);
            List<List<Future<TrialFit>>> futures = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                final int block = i;
                Block b = partition.block(i);
                int steps = options.estimator() instanceof Estimator.Faithful f ? f.stepsFor(b.smallestWidth()) : 1;
                MemoryModel.Need need = DensePlan.trialNeed(options.estimator(), formulation, b, run.fit().count(),
                        steps);
                parks[i] = space != null && CompactFaithful.parks(options.estimator(), formulation, b,
                        run.fit().count(), steps);
                MemoryModel.Need perRank = parks[i] ? MemoryModel.storedTrialPerRank(b, run.fit().count(), steps)
                        : null;
                List<Future<TrialFit>> perBlock = new ArrayList<>();
                int fitted = CompactFaithful.trialsRepeat(options.estimator(), formulation, b) ? 1 : trials;
                for (int t = 0; t < fitted; t++) {
                    final int trial = t;
                    String what = "block " + b.name() + " (estimating trial " + (trial + 1) + " of " + trials + ")";
                    perBlock.add(pool.submit(() -> {
                        while (true) {
                            try (MemoryBudget.Reservation r = run.budget().reserve(need.heap(), need.offHeap(), what);
                                 CompactFaithful.TrialSpace.TrialMemory bound = perRank == null ? null
                                         : space.during(r, perRank, what)) {
                                FitData fitData = fitData(run.fit(), block, estimator.usesOutputs());
                                TrialFit f = estimator.fit(pn.block(block), fitData, trial,
                                        Seeds.generator(options.seed(), block, trial));
                                if (perRank != null && f.operator().rank() > 0) {
                                    parked[block][trial] = CompactFaithful.Parked.of(f.operator(), stores, "operator-"
                                            + block + "-" + trial);
                                    f = f.withOperator(null);
                                }
                                progress.update("trials", "block " + b.name() + ", trial " + (trial + 1),
                                        done.addAndGet(trials / fitted), totalTrials);
                                return f;
                            } catch (MemoryBudget.Contention c) {
                                // It gave way to trials that all waited for memory: it runs again, with the same
                                // seed and so the same result.
                            } finally {
                                // This thread's large native buffers (the trial's factors) go with its reservation.
                                Linalg.trimWorkspace();
                            }
                        }
                    }));
                }
                futures.add(perBlock);
            }
            for (int i = 0; i < m; i++) {
                List<TrialFit> ok = new ArrayList<>();
                for (Future<TrialFit> f : futures.get(i)) {
                    try {
                        ok.add(f.get());
                    } catch (ExecutionException e) {
                        Throwable cause = e.getCause();
                        if (cause instanceof InputException ie) {
                            throw ie;
                        }
                        if (cause instanceof OutOfMemoryError oom) {
                            throw MemoryExhausted.during("estimating block " + partition.block(i).name() + " ("
                                    + trials + " trial" + (trials == 1 ? "" : "s") + ")", oom);
                        }
                        if (failures[i] == null) {
                            failures[i] = "estimation failed: " + cause;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                }
                boolean repeat = CompactFaithful.trialsRepeat(options.estimator(), formulation, partition.block(i));
                fits.add(repeat && ok.size() == 1 ? CompactFaithful.repeated(ok.get(0), trials) : ok);
            }
        }
        double estimationSeconds = Workers.secondsSince(t1);

        boolean anyParked = false;
        for (boolean p : parks) {
            anyParked |= p;
        }
        if (anyParked) {
            return inOrder(network, run, start, activationSeconds, estimationSeconds, plan, stores, formulation, fits,
                    failures, parks, parked);
        }

        // Phase 2: per block, the mean operator, credits and fidelity (also on the pool).
        List<Future<BlockOutcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            final int block = i;
            outcomes.add(pool.submit(() -> {
                Block b = partition.block(block);
                boolean repeat = CompactFaithful.trialsRepeat(options.estimator(), formulation, b);
                long rankSum = fits.get(block).stream().limit(repeat ? 1 : Long.MAX_VALUE)
                        .mapToLong(t -> t.operator().rank()).sum();
                MemoryModel.Need need = MemoryModel.denseSummary(b, rankSum, MemoryModel.applyChunk(b.nIn(), b.nOut(),
                        run.held().count()));
                try (MemoryBudget.Reservation r = run.budget().reserve(need.heap(), need.offHeap(), "block "
                        + b.name() + " (its mean operator, credits and fidelity)")) {
                    return summarise(pn.block(block), fits.get(block), failures[block], run.held(), options, repeat);
                } finally {
                    Linalg.trimWorkspace();
                }
            }));
        }
        List<BlockOutcome> results = new ArrayList<>();
        for (Future<BlockOutcome> f : outcomes) {
            try {
                results.add(f.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof OutOfMemoryError oom) {
                    throw MemoryExhausted.during("computing the credit and fidelity of block "
                            + partition.block(results.size()).name(), oom);
                }
                if (e.getCause() instanceof InputException ie) {
                    throw ie;
                }
                throw new IllegalStateException("summarising a block failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        // Phase 3: across blocks.
        long t3 = System.nanoTime();
        List<KoopmanOperator> operators = results.stream().map(r -> (KoopmanOperator) r.operator()).toList();
        Global global;
        if (!operators.stream().allMatch(Objects::nonNull)) {
            global = new Global(null, null, null, "some block has no operator, so the product K = K_m⋯K_1 does not"
                    + " exist", examplesWithout(data, lastOutputs(run.held())));
        } else {
            long[] ranks = operators.stream().mapToLong(KoopmanOperator::rank).toArray();
            MemoryModel.Need need = MemoryModel.denseGlobal(partition, ranks, MemoryModel.applyChunk(
                    partition.block(0).nIn(), partition.block(m - 1).nOut(), run.held().count()));
            try (MemoryBudget.Reservation r = run.budget().reserve(need.heap(), need.offHeap(),
                    "the product K = K_m⋯K_1 (feature weights and global fidelity)")) {
                global = denseGlobal(network, run, operators);
            } finally {
                Linalg.trimWorkspace();
            }
        }
        return assemble(network, run, results, global, operators, new double[] {activationSeconds,
                estimationSeconds, Workers.secondsSince(t3)}, start, plan, stores);
    }

    /**
     * Phases 2 and 3 of a model with large blocks whose trial operators are parked ({@link CompactFaithful#parks}):
     * one block at a time in order, its trial operators read back, its mean operator, credits and fidelity, and
     * the product K_i ∘ (K_{i−1}⋯K_1) carried on (the same multiplications in the same order as
     * {@link FeatureWeights#product}); a large block's mean operator is then dropped (its result keeps its
     * singular values), so that memory holds one block's operators and the product so far, each reserved at the
     * ranks found.
     */
    private static CreditResult inOrder(Network network, Run run, long start, double activationSeconds,
                                        double estimationSeconds, MemoryPlan plan, Stores stores,
                                        Formulation formulation, List<List<TrialFit>> fits, String[] failures,
                                        boolean[] parks, CompactFaithful.Parked[][] parked) {
        AnalysisOptions options = run.options();
        BlockPartition partition = run.pn().partition();
        int m = partition.size();
        long inputs = partition.block(0).nIn();
        List<BlockOutcome> results = new ArrayList<>();
        KoopmanOperator product = null;
        String note = null;
        MemoryBudget.Reservation productHeld = null;
        try {
            for (int i = 0; i < m; i++) {
                Block b = partition.block(i);
                boolean repeat = CompactFaithful.trialsRepeat(options.estimator(), formulation, b);
                List<TrialFit> blockFits = fits.get(i);
                List<BlockOperator> trialOperators = trialOperators(b, blockFits, parked[i], repeat);
                long rankSum = trialOperators.stream().limit(repeat ? 1 : Long.MAX_VALUE)
                        .mapToLong(BlockOperator::rank).sum();
                int chunk = MemoryModel.applyChunk(b.nIn(), b.nOut(), run.held().count());
                MemoryModel.Need need = parks[i] ? MemoryModel.parkedSummary(b, rankSum, chunk, inputs,
                        product == null ? 0 : Math.min(rankSum, product.rank()))
                        : MemoryModel.denseSummary(b, rankSum, chunk);
                BlockOutcome outcome;
                try (MemoryBudget.Reservation r = run.budget().reserve(need.heap(), need.offHeap(), "block "
                        + b.name() + " (its mean operator, credits and fidelity, at the ranks found: " + rankSum
                        + ")")) {
                    CompactFaithful.Parked[] own = parked[i];
                    outcome = !parks[i] ? summarise(run.pn().block(i), blockFits, failures[i], run.held(), options,
                            repeat) : summarise(run.pn().block(i), blockFits, failures[i], run.held(), options,
                            () -> repeat ? (own[0] == null ? blockFits.get(0).operator() : own[0].restore())
                                    : CompactFaithful.meanOfParked(own, b.nOut(), b.nIn()), trialOperators);
                    if (note == null && !(outcome.operator() instanceof KoopmanOperator)) {
                        note = "some block has no operator, so the product K = K_m⋯K_1 does not exist";
                        product = null;
                    } else if (note == null) {
                        KoopmanOperator k = (KoopmanOperator) outcome.operator();
                        try {
                            product = product == null ? k : k.compose(product);
                        } catch (ArithmeticException | IllegalArgumentException e) {
                            note = "the product K = K_m⋯K_1 is not finite in double precision (" + e.getMessage() + ")";
                            product = null;
                        }
                    }
                    if (parks[i]) {
                        outcome = summarised(outcome);
                    }
                } finally {
                    Linalg.trimWorkspace();
                }
                for (CompactFaithful.Parked p : parked[i]) {
                    if (p != null) {
                        p.close();
                    }
                }
                java.util.Arrays.fill(parked[i], null);
                fits.set(i, null);
                results.add(outcome);
                if (productHeld != null) {
                    productHeld.close();
                    productHeld = null;
                }
                if (product != null) {
                    productHeld = run.budget().hold(MemoryModel.D * ((long) product.nOut() + product.nIn())
                            * Math.max(1, product.rank()), 0, "the product K_" + (i + 1) + "⋯K_1");
                }
            }
            long t3 = System.nanoTime();
            AnalysisData data = run.data();
            Global global;
            if (product == null) {
                global = new Global(null, null, null, note, examplesWithout(data, lastOutputs(run.held())));
            } else {
                // The product is made (and held): what remains is its weights, a tile at a time, and its fidelity.
                MemoryModel.Need need = MemoryModel.denseGlobal(partition, 1, MemoryModel.applyChunk(
                        partition.block(0).nIn(), partition.block(m - 1).nOut(), run.held().count()));
                try (MemoryBudget.Reservation r = run.budget().reserve(need.heap(), need.offHeap(),
                        "the product K = K_m⋯K_1 (feature weights and global fidelity)")) {
                    global = globalOf(network, run, product);
                } finally {
                    Linalg.trimWorkspace();
                }
            }
            List<KoopmanOperator> operators = results.stream()
                    .map(r -> r.operator() instanceof KoopmanOperator k ? k : null).toList();
            return assemble(network, run, results, global, operators, new double[] {activationSeconds,
                    estimationSeconds, Workers.secondsSince(t3)}, start, plan, stores);
        } finally {
            if (productHeld != null) {
                productHeld.close();
            }
        }
    }

    /**
     * @param b the block
     * @param fits its trials, parked ones without their operators; not modified
     * @param parked their operators in spill files (null where a trial carries its own)
     * @param repeat whether the trials are one fit repeated (all stand for trial 0's operator)
     * @return each trial's operator, or its singular values where it is parked
     */
    private static List<BlockOperator> trialOperators(Block b, List<TrialFit> fits, CompactFaithful.Parked[] parked,
                                                      boolean repeat) {
        List<BlockOperator> out = new ArrayList<>(fits.size());
        for (TrialFit t : fits) {
            CompactFaithful.Parked p = parked[repeat ? 0 : t.trial()];
            out.add(p != null ? BlockOperator.ofSingularValues(b.nIn(), b.nOut(), p.s()) : t.operator());
        }
        return out;
    }

    /**
     * @return the outcome keeping its mean operator's singular values instead of the operator, and its trials
     *     without theirs
     */
    private static BlockOutcome summarised(BlockOutcome o) {
        BlockOperator k = o.operator() == null || !o.operator().knowsSingularValues() ? o.operator()
                : BlockOperator.ofSingularValues(o.operator().nIn(), o.operator().nOut(), o.operator().singularValues());
        return new BlockOutcome(o.block(), o.status(), o.reason(), k, o.credit(),
                o.fits().stream().map(t -> t.withOperator(null)).toList(), o.fidelity(), o.kernels(), o.trialCredit(),
                o.numerics(), o.timings());
    }

    /**
     * The cross-block view.
     *
     * @param weights rows of K = K_m⋯K_1, or null
     * @param templates their agreement with the class templates, or null
     * @param fidelity the product's agreement with the network, or null
     * @param note why the three are missing, or null
     * @param examples the per-sample view
     */
    record Global(FeatureWeights weights, TemplateAgreement templates, GlobalFidelity fidelity, String note,
                  List<Example> examples) {
    }

    /** The product of dense operators, its feature weights and its fidelity. */
    private static Global denseGlobal(Network network, Run run, List<KoopmanOperator> operators) {
        try {
            return globalOf(network, run, productOf(operators));
        } catch (ArithmeticException | IllegalArgumentException e) {
            // The product of the block operators left the double range: report it instead of failing.
            return new Global(null, null, null, "the product K = K_m⋯K_1 is not finite in double precision ("
                    + e.getMessage() + ")", examplesWithout(run.data(), lastOutputs(run.held())));
        }
    }

    /** The feature weights and fidelity of the product K = K_m⋯K_1. */
    private static Global globalOf(Network network, Run run, KoopmanOperator product) {
        AnalysisData data = run.data();
        try {
            FeatureWeights weights = FeatureWeights.ofProduct(product, network.info().inputShape().dims(),
                    run.inlineLimit());
            GlobalFidelity fidelity = globalFidelity(product, run.held(), data.holdoutLabels());
            TemplateAgreement templates = data.holdoutLabels() == null ? null : TemplateAgreement.of(weights,
                    data.holdout(), data.holdoutLabels(), data.holdoutCount());
            return new Global(weights, templates, fidelity, null, examples(data, lastOutputs(run.held()), product));
        } catch (ArithmeticException | IllegalArgumentException e) {
            // The product of the block operators left the double range: report it instead of failing.
            return new Global(null, null, null, "the product K = K_m⋯K_1 is not finite in double precision ("
                    + e.getMessage() + ")", examplesWithout(data, lastOutputs(run.held())));
        }
    }

    /**
     * Sensitivities, ranking and the result.
     *
     * @param operators the dense operators for the result (null entries where a block has none or keeps a
     *     scalable form)
     * @param seconds activations, estimation and global seconds
     */
    static CreditResult assemble(Network network, Run run, List<BlockOutcome> results, Global global,
                                 List<KoopmanOperator> operators, double[] seconds, long start, MemoryPlan plan,
                                 Stores stores) {
        AnalysisOptions options = run.options();
        int m = results.size();
        List<BlockOperator> summaries = results.stream().map(BlockOutcome::operator).toList();
        boolean complete = summaries.stream().allMatch(Objects::nonNull);
        List<CreditTolerance> tolerances = results.stream().map(r -> r.numerics().creditTolerance()).toList();
        List<BlockSensitivity> sensitivities = !complete
                ? java.util.Collections.nCopies(m, new BlockSensitivity(null, "undefined: some block has no operator"))
                : options.kind() == EstimatorKind.PCA
                ? BlockSensitivity.ofReduced(results.stream().map(r -> r.fits().get(0).eigenvalueModuli()).toList(),
                        tolerances)
                : BlockSensitivity.of(summaries, tolerances);
        Integer[] ranks = creditRanks(results);
        List<BlockResult> blocks = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            blocks.add(results.get(i).toResult(ranks[i], sensitivities.get(i)));
        }
        List<BlockTimings> timings = results.stream().map(BlockOutcome::timings).toList();
        Timings t = new Timings(Workers.secondsSince(start), seconds[0], seconds[1], seconds[2], timings,
                options.threads(), MemoryUse.of(plan, stores));
        return new CreditResult(network.info(), run.data().description(), options, run.pn().partition(), blocks,
                new ArrayList<>(operators), global.weights(), global.templates(), global.fidelity(), global.note(),
                global.examples(), t);
    }

    /**
     * @param acts activations in stores
     * @param block a block
     * @param outputs whether the estimator reads the outputs (else only the inputs are materialised)
     * @return the block's real inputs (and outputs) as arrays
     */
    private static FitData fitData(StoredActivations acts, int block, boolean outputs) {
        double[] in = acts.input(block).toArray();
        return outputs ? new FitData(in, acts.output(block).toArray(), acts.count())
                : FitData.inputsOnly(in, acts.count());
    }

    private static BlockOutcome summarise(BlockFunction f, List<TrialFit> fits, String failure,
                                          StoredActivations held, AnalysisOptions options, boolean repeat) {
        return summarise(f, fits, failure, held, options, () -> CompactFaithful.mean(fits, repeat),
                fits.stream().map(t -> (BlockOperator) t.operator()).toList());
    }

    /**
     * @param mean makes the block's operator (called once, unless the block failed)
     * @param trialOperators each trial's operator, or its singular values, in the order of {@code fits}
     */
    private static BlockOutcome summarise(BlockFunction f, List<TrialFit> fits, String failure,
                                          StoredActivations held, AnalysisOptions options,
                                          java.util.function.Supplier<KoopmanOperator> mean,
                                          List<BlockOperator> trialOperators) {
        Block block = f.block();
        double embedding = fits.stream().mapToDouble(TrialFit::embeddingSeconds).sum();
        double dmd = fits.stream().mapToDouble(TrialFit::dmdSeconds).sum();
        CreditTolerance tolerance = options.creditTolerance().resolve(f.precision());
        double[] floors = fits.stream().mapToDouble(TrialFit::noiseFloor).sorted().toArray();
        PrecisionSummary numerics = new PrecisionSummary(f.precision(), f.precisionNote().orElse(null), tolerance,
                floors.length == 0 ? null : floors[(floors.length - 1) / 2],
                fits.stream().mapToInt(TrialFit::keptBelowNoise).max().orElse(0));
        if (failure != null || fits.isEmpty()) {
            return new BlockOutcome(block, BlockStatus.FAILED, failure == null ? "no trial finished" : failure, null,
                    null, fits, null, List.of(), null, numerics, new BlockTimings(block.name(), embedding, dmd, 0, 0));
        }
        long t0 = System.nanoTime();
        KoopmanOperator k = mean.get();
        // The PCA estimator's credit is that of its square reduced operator (the product of the non-zero
        // eigenvalues' moduli); the others' is the log pseudo-determinant of K_i.
        double[] moduli = fits.get(0).eigenvalueModuli();
        BlockCredit credit = (moduli != null ? BlockCredit.ofEigenvalueModuli(moduli, tolerance)
                : BlockCredit.of(k, tolerance)).orElse(null);
        List<KernelCredit> kernels = KernelCredit.applies(block) ? KernelCredit.of(block, k, tolerance) : List.of();
        List<BlockCredit> perTrial = new ArrayList<>();
        for (int t = 0; t < fits.size(); t++) {
            double[] own = fits.get(t).eigenvalueModuli();
            (own != null ? BlockCredit.ofEigenvalueModuli(own, tolerance)
                    : BlockCredit.of(trialOperators.get(t), tolerance)).ifPresent(perTrial::add);
        }
        TrialSpread trialCredit = TrialSpread.of(perTrial);
        double creditSeconds = Workers.secondsSince(t0);
        long t1 = System.nanoTime();
        Fidelity fidelity = Fidelity.measure(k, held.input(block.index()), held.output(block.index()),
                MemoryModel.applyChunk(block.nIn(), block.nOut(), held.count()));
        double fidelitySeconds = Workers.secondsSince(t1);
        BlockStatus status = BlockStatus.OK;
        String reason = null;
        if (credit == null) {
            status = BlockStatus.DEGENERATE;
            boolean zeroSnapshots = fits.stream().allMatch(t -> t.snapshotLargest() == 0);
            boolean nothingKept = fits.stream().allMatch(t -> t.snapshotRank() == 0);
            reason = zeroSnapshots ? "the snapshot matrix is zero in every trial: no state to fit"
                    : nothingKept ? "the rank policy " + options.rank().spec() + " kept no singular value of the"
                            + " snapshot matrix in any trial (its spectrum is too flat for that policy)"
                    : "the operator K_i is zero at the credit tolerance: no volume to measure";
        }
        return new BlockOutcome(block, status, reason, k, credit, fits, fidelity, kernels, trialCredit, numerics,
                new BlockTimings(block.name(), embedding, dmd, creditSeconds, fidelitySeconds));
    }

    private static KoopmanOperator productOf(List<KoopmanOperator> operators) {
        try {
            return FeatureWeights.product(operators);
        } catch (OutOfMemoryError e) {
            throw MemoryExhausted.during("multiplying the block operators into K = K_m⋯K_1", e);
        }
    }

    /** Competition ranking by log credit, largest first; equal credits share a rank. */
    private static Integer[] creditRanks(List<BlockOutcome> results) {
        Integer[] ranks = new Integer[results.size()];
        for (int i = 0; i < results.size(); i++) {
            BlockCredit ci = results.get(i).credit();
            if (ci == null) {
                continue;
            }
            int better = 0;
            for (BlockOutcome other : results) {
                if (other.credit() != null && other.credit().logCredit() > ci.logCredit()) {
                    better++;
                }
            }
            ranks[i] = better + 1;
        }
        return ranks;
    }

    private static GlobalFidelity globalFidelity(KoopmanOperator product, StoredActivations held, int[] labels) {
        int n = held.count();
        int classes = product.nOut();
        ColumnStore in = held.input(0);
        ColumnStore out = held.output(held.blockCount() - 1);
        int chunk = MemoryModel.applyChunk(in.rows(), classes, n);
        GlobalFidelity.Tally tally = new GlobalFidelity.Tally(n, classes, labels);
        for (int from = 0; from < n; from += chunk) {
            int c = Math.min(chunk, n - from);
            double[] x = new double[c * in.rows()];
            in.getColumns(from, c, x, 0);
            double[] actual = new double[c * classes];
            out.getColumns(from, c, actual, 0);
            tally.add(product.apply(x, c), actual, c);
        }
        return tally.result();
    }

    /** How many held-out samples a result keeps for per-sample views: one per class of MNIST. */
    static final int EXAMPLES = 10;

    /** @return the network's outputs (the last boundary) in a pass's stores */
    private static ColumnStore lastOutputs(StoredActivations held) {
        return held.output(held.blockCount() - 1);
    }

    private static List<Example> examples(AnalysisData data, ColumnStore held, KoopmanOperator product) {
        int size = data.sampleSize();
        return examples(data, held, product == null ? null : j -> {
            double[] x = new double[size];
            for (int i = 0; i < size; i++) {
                x[i] = data.holdout()[j * size + i];
            }
            return product.apply(x, 1);
        });
    }

    /**
     * @param held the network's outputs on the held-out samples (classes × H)
     * @return the examples without the product's predictions (there is no product)
     */
    static List<Example> examplesWithout(AnalysisData data, ColumnStore held) {
        return examples(data, held, (java.util.function.IntFunction<double[]>) null);
    }

    /**
     * @param held the network's outputs on the held-out samples (classes × H)
     * @param predicted the product's outputs for every held-out sample, sample after sample
     * @return the examples with those predictions
     */
    static List<Example> examplesPredicted(AnalysisData data, ColumnStore held, double[] predicted) {
        int classes = held.rows();
        return examples(data, held, j -> Arrays.copyOfRange(predicted, j * classes, (j + 1) * classes));
    }

    /**
     * @param product the product's outputs for held-out sample j, or null without a product
     */
    private static List<Example> examples(AnalysisData data, ColumnStore last,
                                          java.util.function.IntFunction<double[]> product) {
        int n = data.holdoutCount();
        int size = data.sampleSize();
        int[] labels = data.holdoutLabels();
        List<Integer> chosen = new ArrayList<>();
        if (labels != null) {
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int j = 0; j < n && chosen.size() < EXAMPLES; j++) {
                if (seen.add(labels[j])) {
                    chosen.add(j);
                }
            }
            chosen.sort(java.util.Comparator.comparingInt(j -> labels[j]));
        } else {
            for (int j = 0; j < Math.min(n, EXAMPLES); j++) {
                chosen.add(j);
            }
        }
        int classes = last.rows();
        double[] outputs = new double[classes];
        List<Example> out = new ArrayList<>();
        for (int j : chosen) {
            float[] input = Arrays.copyOfRange(data.holdout(), j * size, (j + 1) * size);
            Integer operatorPrediction = null;
            if (product != null) {
                int k = Vectors.argmax(product.apply(j), 0, classes);
                operatorPrediction = k < 0 ? null : k;
            }
            last.getColumns(j, 1, outputs, 0);
            out.add(new Example(j, input, labels == null ? null : labels[j], Vectors.argmax(outputs, 0, classes),
                    operatorPrediction));
        }
        return out;
    }
}
