package io.koopcredit.credit;

import io.koopcredit.base.InputException;
import io.koopcredit.base.MemoryExhausted;
import io.koopcredit.base.Seeds;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.koopman.EstimatorKind;
import io.koopcredit.koopman.FitData;
import io.koopcredit.koopman.KoopmanEstimator;
import io.koopcredit.koopman.KoopmanOperator;
import io.koopcredit.koopman.TrajectoryStats;
import io.koopcredit.koopman.TrialFit;
import io.koopcredit.linalg.Vectors;
import io.koopcredit.model.Block;
import io.koopcredit.model.BlockActivations;
import io.koopcredit.model.BlockFunction;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.Network;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.model.Precision;
import io.koopcredit.stats.Statistics;
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
        try (PartitionedNetwork pn = compile(network, partition, options)) {
            long t0 = System.nanoTime();
            BlockActivations fit;
            BlockActivations held;
            try {
                fit = pn.activations(data.fit(), data.fitCount());
                held = pn.activations(data.holdout(), data.holdoutCount());
            } catch (OutOfMemoryError e) {
                throw MemoryExhausted.during("running the network on " + data.fitCount() + " fitting and "
                        + data.holdoutCount() + " held-out samples", e);
            }
            double activationSeconds = Workers.secondsSince(t0);
            ExecutorService pool = Workers.pool(options.threads(), "koopcredit-worker");
            try {
                return analyse(network, pn, fit, held, data, resolve(options, partition), progress, pool, start,
                        activationSeconds, trials);
            } finally {
                pool.shutdownNow();
            }
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
     *     components ({@link Defaults#pcaComponents}) when it is left to the rule
     */
    private static AnalysisOptions resolve(AnalysisOptions options, BlockPartition partition) {
        if (options.estimator() instanceof Estimator.Pca p && p.components() == 0) {
            return options.withEstimator(p.components(Defaults.pcaComponents(partition, p.samples())));
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

    private static CreditResult analyse(Network network, PartitionedNetwork pn, BlockActivations fit,
                                        BlockActivations held, AnalysisData data, AnalysisOptions options,
                                        ProgressListener progress, ExecutorService pool, long start,
                                        double activationSeconds, TrialRunner runner) {
        BlockPartition partition = pn.partition();
        int m = partition.size();

        // Phase 1: every (block, trial), on the pool unless a runner takes them.
        long t1 = System.nanoTime();
        List<TrialRunner.BlockFits> fitted = runner == null ? fitOnPool(pn, fit, options, progress, pool)
                : runner.fitAll(new TrialRunner.Job(network, pn, data.fit(), fit, options, progress));
        if (fitted.size() != m) {
            throw new IllegalStateException("the trial runner returned " + fitted.size() + " blocks, expected " + m);
        }
        List<List<TrialFit>> fits = fitted.stream().map(TrialRunner.BlockFits::fits).toList();
        String[] failures = fitted.stream().map(TrialRunner.BlockFits::failure).toArray(String[]::new);
        double estimationSeconds = Workers.secondsSince(t1);
        return assemble(network, pn, held, data, options, pool, start, activationSeconds, fits, failures,
                estimationSeconds);
    }

    /** Phase 1 on this JVM: every (block, trial) on the pool, results in block and trial order. */
    private static List<TrialRunner.BlockFits> fitOnPool(PartitionedNetwork pn, BlockActivations fit,
                                                         AnalysisOptions options, ProgressListener progress,
                                                         ExecutorService pool) {
        BlockPartition partition = pn.partition();
        int m = partition.size();
        KoopmanEstimator estimator = KoopmanEstimator.of(options.estimator());
        int trials = options.trials();
        AtomicInteger done = new AtomicInteger();
        int totalTrials = m * trials;
        List<List<Future<TrialFit>>> futures = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            final int block = i;
            FitData fitData = new FitData(fit.input(i), fit.output(i), fit.count());
            List<Future<TrialFit>> perBlock = new ArrayList<>();
            for (int t = 0; t < trials; t++) {
                final int trial = t;
                perBlock.add(pool.submit(() -> {
                    TrialFit f = estimator.fit(pn.block(block), fitData, trial,
                            Seeds.generator(options.seed(), block, trial));
                    progress.update("trials", done.incrementAndGet(), totalTrials);
                    return f;
                }));
            }
            futures.add(perBlock);
        }
        List<TrialRunner.BlockFits> fitted = new ArrayList<>();
        String[] failures = new String[m];
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
            fitted.add(new TrialRunner.BlockFits(ok, failures[i]));
        }
        return fitted;
    }

    /** Phase 2 onwards: per block, then across blocks. */
    private static CreditResult assemble(Network network, PartitionedNetwork pn, BlockActivations held,
                                         AnalysisData data, AnalysisOptions options, ExecutorService pool,
                                         long start, double activationSeconds, List<List<TrialFit>> fits,
                                         String[] failures, double estimationSeconds) {
        BlockPartition partition = pn.partition();
        int m = partition.size();

        // Phase 2: per block, the mean operator, credits and fidelity (also on the pool).
        List<Future<BlockOutcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            final int block = i;
            outcomes.add(pool.submit(() -> summarise(pn.block(block), fits.get(block), failures[block], held,
                    options)));
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
                throw new IllegalStateException("summarising a block failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        // Phase 3: across blocks.
        long t3 = System.nanoTime();
        List<KoopmanOperator> operators = results.stream().map(BlockOutcome::operator).toList();
        boolean complete = operators.stream().allMatch(Objects::nonNull);
        List<CreditTolerance> tolerances = results.stream().map(r -> r.numerics().creditTolerance()).toList();
        List<BlockSensitivity> sensitivities = !complete
                ? java.util.Collections.nCopies(m, new BlockSensitivity(null, "undefined: some block has no operator"))
                : options.kind() == EstimatorKind.PCA
                ? BlockSensitivity.ofReduced(results.stream().map(r -> r.fits().get(0).eigenvalueModuli()).toList(),
                        tolerances)
                : BlockSensitivity.of(operators, tolerances);
        Integer[] ranks = creditRanks(results);
        List<BlockResult> blocks = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            blocks.add(results.get(i).toResult(ranks[i], sensitivities.get(i)));
        }
        FeatureWeights weights = null;
        TemplateAgreement templates = null;
        GlobalFidelity global = null;
        KoopmanOperator product = null;
        String globalNote = null;
        if (!complete) {
            globalNote = "some block has no operator, so the product K = K_m⋯K_1 does not exist";
        } else {
            try {
                product = productOf(operators);
                weights = FeatureWeights.ofProduct(product, network.info().inputShape().dims());
                global = globalFidelity(product, held, data.holdoutLabels());
                if (data.holdoutLabels() != null) {
                    templates = TemplateAgreement.of(weights, data.holdout(), data.holdoutLabels(),
                            data.holdoutCount());
                }
            } catch (ArithmeticException | IllegalArgumentException e) {
                // The product of the block operators left the double range: report it instead of failing.
                product = null;
                weights = null;
                templates = null;
                global = null;
                globalNote = "the product K = K_m⋯K_1 is not finite in double precision (" + e.getMessage() + ")";
            }
        }
        List<Example> examples = examples(data, held, product);
        double globalSeconds = Workers.secondsSince(t3);
        List<BlockTimings> timings = results.stream().map(BlockOutcome::timings).toList();
        Timings t = new Timings(Workers.secondsSince(start), activationSeconds, estimationSeconds, globalSeconds, timings,
                options.threads());
        return new CreditResult(network.info(), data.description(), options, partition, blocks,
                new ArrayList<>(operators), weights, templates, global, globalNote, examples, t);
    }

    /** What phase 2 learns about one block, before the cross-block values are known. */
    private record BlockOutcome(Block block, BlockStatus status, String reason, KoopmanOperator operator,
                                BlockCredit credit, List<TrialFit> fits, Fidelity fidelity, List<KernelCredit> kernels,
                                TrialSpread trialCredit, PrecisionSummary numerics, BlockTimings timings) {

        BlockResult toResult(Integer creditRank, BlockSensitivity sensitivity) {
            int[] snapRanks = fits.stream().mapToInt(TrialFit::snapshotRank).sorted().toArray();
            double[] conds = fits.stream().mapToDouble(TrialFit::snapshotCondition).filter(Double::isFinite)
                    .sorted().toArray();
            int[] distinct = fits.stream().mapToInt(TrialFit::distinctPairs).sorted().toArray();
            List<TrajectoryStats> stats = fits.stream().map(TrialFit::trajectories).filter(Objects::nonNull).toList();
            Double residual = fits.isEmpty() ? null : fits.get(0).alignmentResidual();
            EmbeddingSummary embedding = stats.isEmpty() ? null : EmbeddingSummary.of(stats);
            int steps = embedding == null ? 1 : embedding.steps();
            return new BlockResult(block, status, reason, steps, fits.size(), credit, creditRank, sensitivity,
                    operator == null ? 0 : operator.rank(), median(snapRanks), snapRanks.length == 0 ? 0 : snapRanks[0],
                    snapRanks.length == 0 ? 0 : snapRanks[snapRanks.length - 1],
                    conds.length == 0 ? null : conds[(conds.length - 1) / 2],
                    fits.isEmpty() ? 0 : fits.get(0).nominalPairs(), median(distinct), embedding, residual, fidelity,
                    trialCredit, kernels, numerics);
        }

        private static int median(int[] sorted) {
            return sorted.length == 0 ? 0 : sorted[(sorted.length - 1) / 2];
        }
    }

    private static BlockOutcome summarise(BlockFunction f, List<TrialFit> fits, String failure,
                                          BlockActivations held, AnalysisOptions options) {
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
        KoopmanOperator k = KoopmanOperator.mean(fits.stream().map(TrialFit::operator).toList());
        // The PCA estimator's credit is that of its square reduced operator (the product of the non-zero
        // eigenvalues' moduli); the others' is the log pseudo-determinant of K_i.
        double[] moduli = fits.get(0).eigenvalueModuli();
        BlockCredit credit = (moduli != null ? BlockCredit.ofEigenvalueModuli(moduli, tolerance)
                : BlockCredit.of(k, tolerance)).orElse(null);
        List<KernelCredit> kernels = KernelCredit.applies(block) ? KernelCredit.of(block, k, tolerance) : List.of();
        TrialSpread trialCredit = TrialSpread.of(fits.stream()
                .map(t -> t.eigenvalueModuli() != null ? BlockCredit.ofEigenvalueModuli(t.eigenvalueModuli(), tolerance)
                        : BlockCredit.of(t.operator(), tolerance))
                .flatMap(java.util.Optional::stream).toList());
        double creditSeconds = Workers.secondsSince(t0);
        long t1 = System.nanoTime();
        Fidelity fidelity = Fidelity.measure(k, held.input(block.index()), held.output(block.index()), held.count());
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

    private static GlobalFidelity globalFidelity(KoopmanOperator product, BlockActivations held, int[] labels) {
        int n = held.count();
        int classes = product.nOut();
        double[] predicted = product.apply(held.input(0), n);
        double[] actual = held.output(held.blockCount() - 1);
        int agree = 0;
        int netCorrect = 0;
        int opCorrect = 0;
        double[] errors = new double[n];
        int used = 0;
        double[] diff = new double[classes];
        for (int j = 0; j < n; j++) {
            int p = Vectors.argmax(predicted, j * classes, classes);
            int a = Vectors.argmax(actual, j * classes, classes);
            agree += p >= 0 && p == a ? 1 : 0;
            if (labels != null) {
                netCorrect += a == labels[j] ? 1 : 0;
                opCorrect += p == labels[j] ? 1 : 0;
            }
            double truth = Vectors.norm(actual, j * classes, (j + 1) * classes);
            if (truth > 0) {
                for (int c = 0; c < classes; c++) {
                    diff[c] = predicted[j * classes + c] - actual[j * classes + c];
                }
                errors[used++] = Vectors.norm(diff) / truth;
            }
        }
        double median = used == 0 ? 0.0 : Statistics.median(Arrays.copyOf(errors, used));
        return new GlobalFidelity(n, (double) agree / n, labels == null ? null : (double) netCorrect / n,
                labels == null ? null : (double) opCorrect / n, Double.isFinite(median) ? median : null);
    }

    /** How many held-out samples a result keeps for per-sample views: one per class of MNIST. */
    static final int EXAMPLES = 10;

    private static List<Example> examples(AnalysisData data, BlockActivations held, KoopmanOperator product) {
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
        double[] outputs = held.output(held.blockCount() - 1);
        int classes = outputs.length / n;
        List<Example> out = new ArrayList<>();
        for (int j : chosen) {
            float[] input = Arrays.copyOfRange(data.holdout(), j * size, (j + 1) * size);
            Integer operatorPrediction = null;
            if (product != null) {
                double[] x = new double[size];
                for (int i = 0; i < size; i++) {
                    x[i] = input[i];
                }
                int k = Vectors.argmax(product.apply(x, 1), 0, classes);
                operatorPrediction = k < 0 ? null : k;
            }
            out.add(new Example(j, input, labels == null ? null : labels[j], Vectors.argmax(outputs, j * classes, classes),
                    operatorPrediction));
        }
        return out;
    }
}
