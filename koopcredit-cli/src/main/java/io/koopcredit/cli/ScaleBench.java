package io.koopcredit.cli;

import io.koopcredit.base.InputException;
import io.koopcredit.base.Seeds;
import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.BlockStatus;
import io.koopcredit.credit.BlockTimings;
import io.koopcredit.credit.CreditAnalysis;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.Formulation;
import io.koopcredit.credit.MemoryUse;
import io.koopcredit.credit.ProgressListener;
import io.koopcredit.credit.Timings;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.linalg.GemmCeiling;
import io.koopcredit.model.Block;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.Network;
import io.koopcredit.model.onnx.LoadOptions;
import io.koopcredit.model.onnx.OnnxNetwork;
import io.koopcredit.model.onnx.ResNets;
import io.koopcredit.store.MemoryLimit;
import io.koopcredit.store.MemorySize;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * {@code koopcredit bench --scale}: the scaling benchmark of issue #10. It builds residual networks with
 * seeded random weights ({@link ResNets}; no model file enters the repository), feeds them seeded standard
 * normal inputs, and runs the one-step estimator for each requested N and the faithful one (N = 1, T trials),
 * one analysis after the other in this process, each timed once (no warm-up: the first run pays ONNX
 * Runtime's session set-up, as a user's run does). For every run it prints the time of each stage, the peak
 * resident set (the kernel's high-water mark, reset before the run, so it includes what earlier runs left
 * resident: run one configuration per process for a clean peak), whether every block got a credit, and
 * for the one-step estimator's R-factor stage the achieved rate against the GEMM ceiling measured at the
 * start. A run the memory plan refuses is reported with the plan's one-line reason, and the benchmark goes on.
 */
final class ScaleBench {
    private ScaleBench() {
    }

    /** Seed of the models' weights: the project's default seed. */
    static final long MODEL_SEED = io.koopcredit.credit.Defaults.SEED;

    /** Order of the matrices of the GEMM ceiling: large enough for OpenBLAS's peak, small enough to be quick. */
    static final int CEILING_SIZE = 1024;
    /**
     * Products per caller of the GEMM ceiling, the fastest counting: 20 (about a second). With 3, the JVM's
     * start-up work and other processes made the measured DGEMM ceiling vary 51–100 GFLOP/s between runs on
     * the 2-core machine, and the stages' percentages with it.
     */
    static final int CEILING_REPEATS = 20;

    /**
     * What to run.
     *
     * @param models the networks
     * @param samples the one-step estimator's N, one run each (empty: no one-step runs)
     * @param trials the faithful estimator's T (0: no faithful run)
     * @param steps the faithful estimator's embedding steps (0: the default 2d)
     * @param holdout held-out samples of every run
     * @param threads worker threads
     * @param memory the budget, or null for the default
     * @param progress whether to draw progress on stderr
     * @param cluster the one-step runs to repeat on a cluster, or null
     */
    record Plan(List<ResNets.Shape> models, int[] samples, int trials, int steps, int holdout, int threads,
                MemoryLimit memory, boolean progress, Cluster cluster) {
    }

    /**
     * {@code --spark}: every one-step run again on the cluster, once per number of partitions of the samples'
     * pass, each on a connection of its own (a new context, so each pays its executors' model loading).
     *
     * @param master the master, for the report
     * @param partitions the numbers of partitions (0: the cluster's default)
     * @param connect opens a connection with that number of partitions
     */
    record Cluster(String master, int[] partitions, java.util.function.IntFunction<ClusterBackend.Connection> connect) {
    }

    /** One measured analysis. */
    private record Row(String model, String estimator, int n, int t, String formulation, Timings timings,
                       long peakRss, int ok, int blocks, double gramRate, double fitRate, String failure,
                       CreditResult result) {
    }

    /**
     * Runs the benchmark.
     *
     * @param plan what to run
     * @param out where the tables go
     * @param err where progress goes
     * @return the exit code: 0
     */
    static int run(Plan plan, PrintWriter out, PrintWriter err) {
        GemmCeiling.Rates ceiling = GemmCeiling.measure(CEILING_SIZE, plan.threads(), CEILING_REPEATS);
        out.printf(Locale.ROOT, "bench --scale: %d processors, %d worker threads, budget %s, JVM maximum heap %s%n",
                Runtime.getRuntime().availableProcessors(), plan.threads(), plan.memory() == null ? MemoryLimit.defaults().describe()
                        : plan.memory().describe(), MemorySize.format(Runtime.getRuntime().maxMemory()));
        out.printf(Locale.ROOT, "GEMM ceiling (%d x %d operands, 1 BLAS thread per caller, %d callers at once): "
                + "DGEMM %.1f GFLOP/s, SGEMM %.1f GFLOP/s%n", ceiling.size(), ceiling.size(), ceiling.threads(),
                ceiling.dgemm(), ceiling.sgemm());
        List<Row> rows = new ArrayList<>();
        List<String[]> clusterRows = new ArrayList<>();
        Path dir = tempDir();
        try {
            for (ResNets.Shape shape : plan.models()) {
                Main.doing("building " + shape.name());
                Path file = ResNets.save(shape, MODEL_SEED, dir);
                try (Network net = OnnxNetwork.load(file, LoadOptions.defaults())) {
                    describe(net, shape, out);
                    for (int n : plan.samples()) {
                        AnalysisOptions o = options(plan, Estimator.onestep().samples(n));
                        Row single = measure(net, shape, o, ceiling, out, new ProgressBar(err, shape.name() + " onestep",
                                plan.progress()));
                        rows.add(single);
                        if (plan.cluster() != null && single.result() != null) {
                            for (int parts : plan.cluster().partitions()) {
                                clusterRows.add(onCluster(net, shape, o, single, plan.cluster(), parts, out,
                                        new ProgressBar(err, shape.name() + " onestep (spark)", plan.progress())));
                            }
                        }
                    }
                    if (plan.trials() > 0) {
                        rows.add(measure(net, shape, options(plan, Estimator.faithful().samples(1)
                                .trials(plan.trials()).steps(plan.steps())), ceiling, out,
                                new ProgressBar(err, shape.name() + " faithful", plan.progress())));
                    }
                } finally {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // A temporary folder left behind is harmless.
            }
        }
        summary(rows, ceiling, out);
        if (!clusterRows.isEmpty()) {
            out.printf(Locale.ROOT, "%non the cluster %s (one run each, after the same run on this machine)%n",
                    plan.cluster().master());
            clusterRows.add(0, new String[] {"model", "N", "H", "partitions", "total", "this machine", "ratio",
                "R factors", "this machine", "same values (bits)"});
            CreditTable.printAligned(clusterRows, out);
        }
        return Main.OK;
    }

    private static AnalysisOptions options(Plan plan, Estimator e) {
        AnalysisOptions o = AnalysisOptions.of(e).withHoldout(plan.holdout()).withThreads(plan.threads());
        return plan.memory() == null ? o : o.withMemory(plan.memory());
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("koopcredit-bench-scale");
        } catch (IOException e) {
            throw new InputException("bench --scale: cannot create a temporary folder for the models in "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage());
        }
    }

    /** The model's blocks: the block dimensions the table scales over. */
    private static void describe(Network net, ResNets.Shape shape, PrintWriter out) {
        BlockPartition p = net.partition(null);
        long params = net.layers().stream().mapToLong(l -> l.params()).sum();
        out.printf(Locale.ROOT, "%n%s: input %dx%dx%d, seed %d, %d blocks, %.2f M parameters%n", shape.name(),
                shape.channels(), shape.size(), shape.size(), MODEL_SEED, p.size(), params / 1e6);
        List<String[]> t = new ArrayList<>();
        t.add(new String[] {"  block", "nIn", "nOut", "nIn*nOut"});
        for (Block b : p.blocks()) {
            t.add(new String[] {"  " + b.name(), Integer.toString(b.nIn()), Integer.toString(b.nOut()),
                String.format(Locale.ROOT, "%.2e", (double) b.nIn() * b.nOut())});
        }
        CreditTable.printAligned(t, out);
    }

    /** Seeded N(0, 1) inputs: a function of the model's input size, the counts and the seed alone. */
    static AnalysisData data(int size, int fit, int holdout) {
        return new AnalysisData("seeded N(0,1) inputs (seed " + MODEL_SEED + ")", gaussian(size, fit, 0),
                fit, gaussian(size, holdout, 1), holdout, null);
    }

    private static float[] gaussian(int size, int count, int stream) {
        float[] out = new float[Math.multiplyExact(size, count)];
        double[] sample = new double[size];
        for (int s = 0; s < count; s++) {
            SplittableRandom rng = Seeds.generator(MODEL_SEED, 0x5CA1EL + stream, s);
            Seeds.fillGaussian(rng, sample);
            for (int i = 0; i < size; i++) {
                out[s * size + i] = (float) sample[i];
            }
        }
        return out;
    }

    private static Row measure(Network net, ResNets.Shape shape, AnalysisOptions o, GemmCeiling.Rates ceiling,
                               PrintWriter out, ProgressListener progress) {
        String name = o.kind().spec();
        int trials = o.estimator() instanceof Estimator.Faithful f ? f.trials() : 1;
        BlockPartition p = net.partition(o.blocks());
        String formulation = CreditAnalysis.formulation(o, p).name().toLowerCase(Locale.ROOT);
        out.printf(Locale.ROOT, "%n%s %s, N=%d, T=%d, H=%d, formulation %s%n", shape.name(), name, o.samples(),
                trials, o.holdout(), formulation);
        out.flush();
        Main.doing("benchmarking " + shape.name() + " with " + name + " (N = " + o.samples() + ")");
        AnalysisData data = data(net.info().inputShape().size(), o.samples(), o.holdout());
        boolean reset = MemoryUse.resetPeakRss();
        // After the reset the high-water mark is the current resident set: what earlier runs left (the JVM
        // keeps the heap it grew), which this run's peak includes.
        long before = reset ? MemoryUse.currentPeakRss() : -1;
        CreditResult r;
        // How each boundary's R factor was computed, as the analysis reports it on the "R factors" stage
        java.util.Map<Integer, String> methods = new java.util.concurrent.ConcurrentSkipListMap<>();
        // (when the R-factor stage started: each boundary's line says when it finished)
        java.util.concurrent.atomic.AtomicLong factorStart = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
        ProgressListener seen = new ProgressListener() {
            @Override
            public void update(String stage, int done, int total) {
                if ("R factors".equals(stage) && done == 0) {
                    factorStart.set(System.nanoTime());
                }
                progress.update(stage, done, total);
            }

            @Override
            public void update(String stage, String item, int done, int total) {
                java.util.regex.Matcher mt = BOUNDARY_METHOD.matcher(item == null ? "" : item);
                if ("R factors".equals(stage) && mt.matches()) {
                    methods.put(Integer.parseInt(mt.group(1)), mt.group(2) + String.format(Locale.ROOT,
                            " [finished %.1f s into the stage]", (System.nanoTime() - factorStart.get()) / 1e9));
                }
                progress.update(stage, item, done, total);
            }
        };
        try {
            r = CreditAnalysis.run(net, data, o, seen);
        } catch (InputException e) {
            out.println("  not run: " + Flags.message(e));
            return new Row(shape.name(), name, o.samples(), trials, formulation, null, -1, 0, p.size(), Double.NaN,
                    Double.NaN, Flags.message(e), null);
        }
        Timings t = r.timings();
        long peak = reset ? MemoryUse.currentPeakRss() : -1;
        int ok = (int) r.blocks().stream().filter(b -> b.status() == BlockStatus.OK).count();
        double gram = Double.NaN;
        double tsqrEquivalent = Double.NaN;
        double fitRate = Double.NaN;
        double[][] fitFlops = null;
        double fitSeconds = Double.NaN;
        if (formulation.equals("scalable") && o.estimator() instanceof Estimator.OneStep) {
            double seconds = t.blocks().stream().mapToDouble(BlockTimings::embedding).sum();
            gram = factorFlops(p, o.samples(), o.holdout(), methods) / seconds / 1e9;
            tsqrEquivalent = factorFlops(p, o.samples(), o.holdout()) / seconds / 1e9;
            fitFlops = fitFlops(p, o.samples(), o.holdout(), r.blocks(), t.blocks());
            fitSeconds = t.estimation() - seconds;
            fitRate = (java.util.Arrays.stream(fitFlops[0]).sum() + java.util.Arrays.stream(fitFlops[1]).sum())
                    / fitSeconds / 1e9;
        }
        out.printf(Locale.ROOT, "  stages: activations %.1f s, estimation %.1f s, global %.1f s, total %.1f s%n",
                t.activations(), t.estimation(), t.global(), t.total());
        out.printf(Locale.ROOT, "  peak RSS %s%s; spilled %s; blocks ok %d of %d%n", peak < 0 ? "unknown"
                : MemorySize.format(peak) + String.format(Locale.ROOT, " (%,d bytes)", peak), reset ? " (resident at the start of the run: " + MemorySize.format(before)
                        + ")" : " (since the start of the process)",
                MemorySize.format(t.memory().spilledBytes()), ok, r.blocks().size());
        for (BlockResult b : r.blocks()) {
            if (b.status() != BlockStatus.OK) {
                out.printf(Locale.ROOT, "  block %s: %s (%s)%n", b.name(), b.status(), b.reason());
            }
        }
        List<String[]> table = new ArrayList<>();
        // The faithful runs also show what their trials stored and kept: distinct states, DMD ranks, K_i's rank.
        boolean faithful = o.estimator() instanceof Estimator.Faithful;
        String first = o.estimator() instanceof Estimator.OneStep && formulation.equals("scalable")
                ? "R factors (s, share)" : "embedding (s)";
        table.add(faithful ? new String[] {"  block", first, "dmd (s)", "credit (s)", "fidelity (s)", "states",
            "DMD rank", "rank of K_i"} : new String[] {"  block", first, "dmd (s)", "credit (s)", "fidelity (s)"});
        for (int i = 0; i < t.blocks().size(); i++) {
            BlockTimings b = t.blocks().get(i);
            BlockResult br = r.blocks().get(i);
            table.add(faithful ? new String[] {"  " + b.name(), f(b.embedding()), f(b.dmd()), f(b.credit()),
                f(b.fidelity()), String.valueOf(br.distinctPairs()), br.snapshotRankMin() + "-" + br.snapshotRankMax(),
                String.valueOf(br.operatorRank())}
                : new String[] {"  " + b.name(), f(b.embedding()), f(b.dmd()), f(b.credit()), f(b.fidelity())});
        }
        CreditTable.printAligned(table, out);
        if (!Double.isNaN(gram)) {
            out.printf(Locale.ROOT, "  R-factor stage: %.1f GFLOP/s of the flops done (w·N² + 2·N³/3 for a Cholesky QR,"
                    + " 2·w·N² for a TSQR, both for a refused Cholesky QR, + 2·w·N·H, per boundary of width w); %.1f"
                    + " GFLOP/s TSQR-equivalent (2·w·N² + 2·w·N·H for every boundary)%n", gram, tsqrEquivalent);
            for (java.util.Map.Entry<Integer, String> m : methods.entrySet()) {
                out.printf(Locale.ROOT, "    boundary %d: %s%n", m.getKey(), m.getValue());
            }
        }
        if (fitFlops != null) {
            // (the Gram form's timings: dmd and fidelity are the block's own work, credit its reads)
            double busy = t.blocks().stream().mapToDouble(b -> b.dmd() + b.fidelity()).sum();
            double readSeconds = t.blocks().stream().mapToDouble(BlockTimings::credit).sum();
            double own = java.util.Arrays.stream(fitFlops[0]).sum();
            double reads = java.util.Arrays.stream(fitFlops[1]).sum();
            double share = ceiling.dgemm() / ceiling.threads();
            // (0 when no block reads: a model without short kernels)
            double readRate = readSeconds > 0 ? reads / readSeconds / 1e9 : 0;
            out.printf(Locale.ROOT, "  block fits: %.1f GFLOP/s, %.0f%% of the DGEMM ceiling (%.1f GFLOP of the dominant"
                    + " BLAS-3/LAPACK calls, modelled per block from its shapes and counted in its reads, in the stage's %.2f s of wall time: estimation less the"
                    + " R-factor stage); of them %.1f GFLOP in the blocks' own times, which add up to %.2f s (%.1f"
                    + " GFLOP/s per busy worker, %.0f%% of one worker's share of the ceiling), and %.1f GFLOP in the"
                    + " reads of the output activations (short kernels' credits from their rows that are not zero for every"
                    + " sample, counted as done; direct errors not counted), which add"
                    + " up to %.2f s (%.1f GFLOP/s per busy worker, %.0f%%); workers busy %.0f%% of the stage%n",
                    fitRate, 100 * fitRate / ceiling.dgemm(), (own + reads) / 1e9, fitSeconds, own / 1e9, busy,
                    own / busy / 1e9, 100 * own / busy / 1e9 / share, reads / 1e9, readSeconds,
                    readRate, 100 * readRate / share,
                    100 * (busy + readSeconds) / (fitSeconds * ceiling.threads()));
            for (int i = 0; i < fitFlops[0].length; i++) {
                BlockTimings b = t.blocks().get(i);
                double seconds = b.dmd() + b.fidelity();
                out.printf(Locale.ROOT, "    block %s: %.3g GFLOP in %.2f s (%.3g GFLOP/s)%s%s%n", b.name(),
                        fitFlops[0][i] / 1e9, seconds, fitFlops[0][i] / seconds / 1e9, fitFlops[1][i] == 0 ? ""
                        : String.format(Locale.ROOT, "; reads %.3g GFLOP in %.2f s (%.3g GFLOP/s)",
                        fitFlops[1][i] / 1e9, b.credit(), fitFlops[1][i] / b.credit() / 1e9),
                        shortcut(p, o.samples(), i, r.blocks().get(i)) ? "" : "; not the full-rank shortcut");
            }
        }
        double ort = ortSeconds(net, p, data);
        out.printf(Locale.ROOT, "  ONNX Runtime: the whole model on the N fitting samples in one session, in runs of "
                + net.passBatch(p) + ", %.2f s "
                + "(%.2f ms/sample); the partitioned pass %.2f ms/sample (ratio %.2f)%n", ort, 1e3 * ort
                / o.samples(), 1e3 * t.activations() / (o.samples() + o.holdout()), t.activations()
                / (o.samples() + o.holdout()) / (ort / o.samples()));
        out.flush();
        return new Row(shape.name(), name, o.samples(), trials, formulation, t, peak, ok, r.blocks().size(), gram,
                fitRate, null, r);
    }

    /**
     * @return whether the two results hold the same bits: every block's credit, kernel credits and fidelity,
     *     the feature weights and the global fidelity
     */
    static boolean sameValues(CreditResult a, CreditResult b) {
        for (int i = 0; i < a.blocks().size(); i++) {
            BlockResult x = a.blocks().get(i);
            BlockResult y = b.blocks().get(i);
            if (!java.util.Objects.equals(x.credit(), y.credit()) || !java.util.Objects.equals(x.kernels(), y.kernels())
                    || !java.util.Objects.equals(x.fidelity(), y.fidelity())) {
                return false;
            }
        }
        boolean weights = a.featureWeights() == null ? b.featureWeights() == null : b.featureWeights() != null
                && java.util.Arrays.deepEquals(a.featureWeights().weights(), b.featureWeights().weights());
        return weights && java.util.Objects.equals(a.global(), b.global());
    }

    /** The R-factor stage's time: the blocks' shares of it added up. */
    private static double factorSeconds(Timings t) {
        return t.blocks().stream().mapToDouble(BlockTimings::embedding).sum();
    }

    /** The same one-step run on the cluster, with its times against the run on this machine. */
    private static String[] onCluster(Network net, ResNets.Shape shape, AnalysisOptions o, Row single, Cluster cluster,
                                      int partitions, PrintWriter out, ProgressListener progress) {
        String parts = partitions == 0 ? "default" : Integer.toString(partitions);
        out.printf(Locale.ROOT, "%n%s onestep on %s, N=%d, H=%d, partitions of the samples' pass: %s%n", shape.name(),
                cluster.master(), o.samples(), o.holdout(), parts);
        out.flush();
        Main.doing("benchmarking " + shape.name() + " on the cluster " + cluster.master());
        AnalysisData data = data(net.info().inputShape().size(), o.samples(), o.holdout());
        CreditResult r;
        try (ClusterBackend.Connection spark = cluster.connect().apply(partitions)) {
            r = CreditAnalysis.run(net, data, o, progress, spark);
        } catch (InputException e) {
            out.println("  not run: " + Flags.message(e));
            return new String[] {shape.name(), Integer.toString(o.samples()), Integer.toString(o.holdout()), parts,
                "not run", f(single.timings().total()), "-", "-", f(factorSeconds(single.timings())), "-"};
        }
        Timings t = r.timings();
        Timings s = single.timings();
        boolean same = sameValues(single.result(), r);
        out.printf(Locale.ROOT, "  stages: activations %.1f s, estimation %.1f s (R factors %.1f s), global %.1f s,"
                + " total %.1f s; this machine %.1f s (R factors %.1f s): ratio %.2f; same values: %s%n",
                t.activations(), t.estimation(), factorSeconds(t), t.global(), t.total(), s.total(), factorSeconds(s),
                t.total() / s.total(), same);
        out.flush();
        return new String[] {shape.name(), Integer.toString(o.samples()), Integer.toString(o.holdout()), parts,
            f(t.total()), f(s.total()), String.format(Locale.ROOT, "%.2f", t.total() / s.total()), f(factorSeconds(t)),
            f(factorSeconds(s)), Boolean.toString(same)};
    }

    /**
     * The whole model run by ONNX Runtime on the fitting samples (the reference throughput), in seconds: in
     * runs of the partitioned pass's batch size, one after the other, so that it needs what one batch needs
     * (all N at once took 1.2 GB of input alone at 802,816 dimensions and N = 500, and ran out of heap).
     */
    private static double ortSeconds(Network net, BlockPartition partition, AnalysisData data) {
        int size = net.info().inputShape().size();
        int batch = Math.max(1, net.passBatch(partition));
        long t0 = System.nanoTime();
        for (int first = 0; first < data.fitCount(); first += batch) {
            int count = Math.min(batch, data.fitCount() - first);
            net.outputs(java.util.Arrays.copyOfRange(data.fit(), first * size, (first + count) * size), count);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** A boundary's progress item: its number and how its R factor was computed. */
    static final java.util.regex.Pattern BOUNDARY_METHOD = java.util.regex.Pattern.compile(
            "boundary (\\d+) \\([^)]*\\): (.*)");

    /**
     * Flops of the R-factor stage as done: per boundary of width w, a Cholesky QR's Gram matrix (w·N², DSYRK)
     * and its two Cholesky factorisations (2·N³/3), a TSQR's 2·w·N², a refused Cholesky QR both, and the
     * cross products (2·w·N·H).
     *
     * @param methods each boundary's method as reported ("Cholesky QR ...", "TSQR ...", "TSQR (Cholesky QR
     *     refused ...)"); a boundary without one counts as a TSQR
     */
    static double factorFlops(BlockPartition p, int n, int h, java.util.Map<Integer, String> methods) {
        double flops = 0;
        for (int b = 0; b <= p.size(); b++) {
            double w = b == 0 ? p.block(0).nIn() : p.block(b - 1).nOut();
            String m = methods.getOrDefault(b, "TSQR");
            boolean gram = m.startsWith("Cholesky QR") || m.contains("Cholesky QR refused");
            boolean tsqr = m.startsWith("TSQR");
            flops += (gram ? w * n * n + 2.0 * n * n * n / 3 : 0) + (tsqr ? 2.0 * w * n * n : 0) + 2.0 * w * n * h;
        }
        return flops;
    }

    /** @return the width of boundary b (0: the network input) */
    private static long width(BlockPartition p, int b) {
        return b == 0 ? p.block(0).nIn() : p.block(b - 1).nOut();
    }

    /**
     * Whether block i's fit took the Gram form's full-rank shortcut (W = R_i⁻¹): R_i is N × N (its boundary
     * has at least N rows), the rank policy kept all N values and κ ≤ 10³ (ScalableOneStep.GRAM_SAFE), read
     * from the block's result; the benchmark runs without the constant observable.
     */
    static boolean shortcut(BlockPartition p, int n, int i, BlockResult b) {
        return width(p, i) >= n && b.snapshotRank() == n && b.snapshotCondition() != null
                && b.snapshotCondition() <= 1e3;
    }

    /**
     * Flops of each block's fit (the Gram form's "DMD stage": ScalableOneStep's prepare and complete),
     * counting only the dominant BLAS-3/LAPACK calls, with the usual counts (a multiplication and an addition
     * are two flops): DSYRK of an n × n Gram matrix from k rows k·n², DGEMM m·n·k·2, DTRMM with an n × n
     * triangle m·n², DPOTRF and DTRTRI n³/3, the tridiagonalisation of DSYEVD 4·n³/3 (eigenvalues alone) and
     * its back-transformation 2·n³ more with vectors (the divide and conquer's own work and the modelled
     * path's SVD fallbacks are not counted; the counted credits below count theirs). With N fitting and H
     * held-out samples and k = min(width, N) rows of R_{i+1}
     * on the block's output boundary:
     * <ul>
     *   <li>the full-rank shortcut ({@link #shortcut}): R_iᵀR_i N³ and its eigenvalues 4N³/3, R_i⁻¹ N³/3,
     *       the fidelity's c = R_i⁻¹·R_i⁻ᵀ·S 2·N²·H and R_{i+1}·c 2·k·N·H;</li>
     *   <li>otherwise, with r the kept rank and j = min(width_i, N) rows of R_i: when R_i is square the
     *       eigenvalues tried first (N³ + 4N³/3), then where 2j ≤ N the thin SVD of R_i (dgesdd: a QR, the
     *       orthogonal factor formed and applied, 6·j²·N, and the triangle's SVD 8j³/3), else R_iᵀR_i j·N² and
     *       its eigenvectors 10N³/3, R_i·W 2·j·N·r,
     *       its Gram matrix r²·j and Cholesky factor r³/3, A = W·R_Tᵀ 2·N·r², the fidelity 4·N·r·H +
     *       2·k·N·H.</li>
     * </ul>
     * Added to these, the flops the analysis counted as it did them ({@link BlockTimings#dmdFlops}) in the
     * block's credit, R_{i+1}·A, and in the credits of the tall kernels (their own N × N factors F·A): the
     * product (k·N² or N³ by DTRMM with the shortcut, else 2·k·N·r), then with the shortcut and a square
     * R_{i+1} or a tall kernel (the product triangular) its inverse N³/3 (DTRTRI), else the Gram matrix and
     * its Cholesky factorisations, or a QR 2·l·q² − 2q³/3 and the inverse q³/3, and where no proof holds the
     * singular values (the Gram matrix, its eigenvalues and where those do not suffice an SVD).
     * Apart from these, in the reads of the block's output activations (outside the block's own timers), the
     * flops the analysis counted as it did them ({@link BlockTimings#creditFlops}): each kernel whose feature
     * map has c ≤ N rows, of which c' are not zero for every sample, its kept rows times A (c'·N² by DTRMM
     * with the shortcut, else 2·c'·N·r) and the c' × c' Gram matrix (c'²·N', N' the columns of A), then
     * two Cholesky factorisations (2c'³/3) where the proof holds, else the product again, the Gram matrix
     * and its eigenvalues (4c'³/3) and, where those do not suffice, dgesdd's singular values (its
     * bidiagonalisation, 4·N'·c'² − 4c'³/3 or with a QR first 2·N'·c'² + 2c'³); the direct errors of samples
     * fitted below 10⁻³ are not counted (their number is not reported).
     *
     * @param blocks the analysis's block results (rank and condition decide the path)
     * @param timings the blocks' timings (their counted flops of the reads)
     * @return flops per block: [0] in the block's own times (modelled, and counted for the block's credit and
     *     its tall kernels), [1] in its reads (counted)
     */
    static double[][] fitFlops(BlockPartition p, int n, int h, List<BlockResult> blocks,
                                List<BlockTimings> timings) {
        double[][] out = new double[2][blocks.size()];
        double nn = (double) n * n;
        double n3 = nn * n;
        for (int i = 0; i < blocks.size(); i++) {
            BlockResult b = blocks.get(i);
            double k = Math.min(width(p, i + 1), n);
            double f;
            if (shortcut(p, n, i, b)) {
                f = n3 + 4 * n3 / 3 + n3 / 3 + 2 * nn * h + 2 * k * n * h;
            } else {
                double r = b.snapshotRank();
                double j = Math.min(width(p, i), n);
                double spectrum = 2 * j <= n ? 6 * j * j * n + 8 * j * j * j / 3 : j * nn + 10 * n3 / 3;
                f = (j == n ? n3 + 4 * n3 / 3 : 0) + spectrum + 2 * j * n * r + r * r * j + r * r * r / 3
                        + 2 * n * r * r + 4 * n * r * h + 2 * k * n * h;
            }
            out[0][i] = f + timings.get(i).dmdFlops();
            out[1][i] = timings.get(i).creditFlops();
        }
        return out;
    }

    /** Flops of the R-factor stage by TSQR: 2·w·N² and the cross products (2·w·N·H) per boundary. */
    static double factorFlops(BlockPartition p, int n, int h) {
        double flops = 0;
        for (int b = 0; b <= p.size(); b++) {
            double w = b == 0 ? p.block(0).nIn() : p.block(b - 1).nOut();
            flops += w * (2.0 * n * n + 2.0 * n * h);
        }
        return flops;
    }

    private static String f(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }

    private static void summary(List<Row> rows, GemmCeiling.Rates ceiling, PrintWriter out) {
        out.printf(Locale.ROOT, "%nsummary (one run each)%n");
        List<String[]> t = new ArrayList<>();
        t.add(new String[] {"model", "estimator", "N", "T", "formulation", "activations", "estimation", "global",
            "total", "peak RSS", "blocks ok", "R factors GFLOP/s (% of DGEMM)", "block fits GFLOP/s (% of DGEMM)"});
        for (Row r : rows) {
            Timings m = r.timings();
            t.add(new String[] {r.model(), r.estimator(), Integer.toString(r.n()), Integer.toString(r.t()),
                r.formulation(), m == null ? "-" : f(m.activations()), m == null ? "-" : f(m.estimation()),
                m == null ? "-" : f(m.global()), m == null ? "not run" : f(m.total()),
                r.peakRss() < 0 ? "-" : MemorySize.format(r.peakRss()),
                m == null ? "-" : r.ok() + "/" + r.blocks(), Double.isNaN(r.gramRate()) ? "-"
                    : String.format(Locale.ROOT, "%.1f (%.0f%%)", r.gramRate(), 100 * r.gramRate()
                        / ceiling.dgemm()), Double.isNaN(r.fitRate()) ? "-" : String.format(Locale.ROOT,
                        "%.1f (%.0f%%)", r.fitRate(), 100 * r.fitRate() / ceiling.dgemm())});
        }
        CreditTable.printAligned(t, out);
        Stream.of(rows.toArray(Row[]::new)).filter(r -> r.failure() != null)
                .sorted(Comparator.comparing(Row::model))
                .forEach(r -> out.println("not run: " + r.model() + " " + r.estimator() + ": " + r.failure()));
    }
}
