package io.koopcredit.cli;

import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.CreditAnalysis;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.ProgressListener;
import io.koopcredit.credit.TrialRunner;
import io.koopcredit.credit.Timings;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.koopman.EstimatorKind;
import io.koopcredit.model.Network;
import io.koopcredit.stats.Statistics;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code koopcredit bench}: times the default analysis stage by stage, for the faithful estimator and the
 * one-step one, and optionally the faithful one without the cycle shortcut (every one of the 2d steps
 * evaluated, as a straightforward implementation does). All variants run in one process, one after the
 * other, so their ratios are comparable; each is repeated and the median is reported.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Time the default analysis stage by stage (faithful: N=1, T=10; and onestep).",
            "Each variant runs --repeat times after one warm-up run; medians are printed."})
public final class BenchCommand implements Callable<Integer> {
    /** {@code --quick}: fitting samples of its one variant. */
    static final int QUICK_SAMPLES = 200;
    /** {@code --quick}: held-out samples of its one variant. */
    static final int QUICK_HOLDOUT = 100;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--repeat", paramLabel = "R", description = "Timed runs per variant (default: 3; 1 with --quick)")
    Integer repeat;

    @Option(names = "--quick", description = "One short variant instead: the one-step estimator on "
            + QUICK_SAMPLES + " samples, " + QUICK_HOLDOUT + " held out, one timed run (a smoke test of the"
            + " benchmark, not a measurement)")
    boolean quick;

    @Option(names = "--full", description = "Also time the faithful estimator without the cycle shortcut "
            + "(all 2d steps evaluated; several minutes on LeNet-5)")
    boolean full;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: one per processor)")
    Integer threads;

    @Option(names = "--no-warmup", description = "Skip the untimed warm-up run of each variant")
    boolean noWarmup;

    @Option(names = "--scale", description = {"The scaling benchmark instead: residual networks with seeded random "
            + "weights built in memory, the one-step estimator for each --scale-samples N and the faithful one "
            + "(N = 1, --scale-trials T), each run once, with per-stage times, peak RSS and the GEMM ceiling"})
    boolean scale;

    @Option(names = "--scale-models", paramLabel = "LIST", split = ",",
            description = "With --scale: resnet20 (3x32x32), resnet18 (3x224x224) and/or sweep (one residual "
                    + "stage whose blocks have 1024, 10000, 99856 and 802816 dimensions) (default: resnet20)")
    List<String> scaleModels;

    @Option(names = "--scale-samples", paramLabel = "LIST", split = ",",
            description = "With --scale: the one-step estimator's N, one run each (default: 2000); 0 for none")
    List<Integer> scaleSamples;

    @Option(names = "--scale-trials", paramLabel = "T",
            description = "With --scale: the faithful estimator's trials (default: 10); 0 for no faithful run")
    Integer scaleTrials;

    @Option(names = "--scale-steps", paramLabel = "K",
            description = "With --scale: the faithful estimator's embedding steps (default: 0 = 2d)")
    Integer scaleSteps;

    @Option(names = "--scale-holdout", paramLabel = "H",
            description = "With --scale: held-out samples of every run (default: 1000)")
    Integer scaleHoldout;

    @Option(names = "--scale-partitions", paramLabel = "LIST", split = ",",
            description = "With --scale and --spark: after each one-step run on this machine, the same run on the "
                    + "cluster once per number of partitions of the samples' pass (default: the cluster's default)")
    List<Integer> scalePartitions;

    @Mixin
    MemoryOption memory = new MemoryOption();

    @Mixin
    ProgressOption progress = new ProgressOption();

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    /** One variant of the analysis, its measured runs and the last result; on the cluster if {@code spark}. */
    private record Variant(String name, AnalysisOptions options, List<Timings> runs, List<CreditResult> last,
                           boolean spark) {
        Variant(String name, AnalysisOptions options, List<Timings> runs, List<CreditResult> last) {
            this(name, options, runs, last, false);
        }
    }

    @Override
    public Integer call() {
        int runs = repeat != null ? repeat : quick ? 1 : 3;
        if (runs < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--repeat: expected >= 1, found "
                    + runs);
        }
        if (quick && full) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--quick and --full: expected one of them, found both");
        }
        if (threads != null && threads < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--threads: expected >= 1, found "
                    + threads);
        }
        if (scale) {
            return scale();
        }
        data.check(spec);
        PrintWriter out = spec.commandLine().getOut();
        List<Variant> variants = new ArrayList<>();
        AnalysisOptions faithful = withRunOptions(AnalysisOptions.forEstimator(EstimatorKind.FAITHFUL));
        if (quick) {
            variants.add(new Variant("onestep-quick", withRunOptions(AnalysisOptions.forEstimator(
                    EstimatorKind.ONE_STEP).withSamples(QUICK_SAMPLES).withHoldout(QUICK_HOLDOUT)), new ArrayList<>(),
                    new ArrayList<>()));
        } else {
            variants.add(new Variant("faithful", faithful, new ArrayList<>(), new ArrayList<>()));
            variants.add(new Variant("onestep", withRunOptions(AnalysisOptions.forEstimator(EstimatorKind.ONE_STEP)),
                    new ArrayList<>(), new ArrayList<>()));
        }
        if (full) {
            variants.add(new Variant("faithful-full", faithful.withEstimator(Estimator.faithful().shortcutCycles(false)),
                    new ArrayList<>(), new ArrayList<>()));
        }
        cluster.check();
        if (cluster.enabled()) {
            // The same two analyses with their trials on the cluster, timed in this process after the others.
            variants.add(new Variant("faithful-spark", faithful, new ArrayList<>(), new ArrayList<>(), true));
            variants.add(new Variant("onestep-spark", variants.get(1).options(), new ArrayList<>(), new ArrayList<>(),
                    true));
        }
        Main.doing("benchmarking " + model.modelPath());
        ClusterBackend.Connection trials = null;
        try (Network network = model.open()) {
            model.checkBlocks(network, spec);
            out.printf(Locale.ROOT, "bench %s, %d processors, %d timed runs per variant%n", model.modelPath(),
                    Runtime.getRuntime().availableProcessors(), runs);
            for (Variant v : variants) {
                AnalysisOptions o = v.options().withBlocks(model.blocks).withKeepSoftmax(model.keepSoftmax);
                AnalysisData input = data.load(network.info(), o.samples(), o.holdout());
                if (v.spark() && trials == null) {
                    Main.doing("connecting to the cluster " + cluster.master);
                    trials = cluster.connect();
                }
                TrialRunner runner = v.spark() ? trials : null;
                if (!noWarmup) {
                    CreditAnalysis.run(network, input, o, ProgressListener.NONE, runner);
                }
                for (int r = 0; r < runs; r++) {
                    CreditResult result = CreditAnalysis.run(network, input, o, ProgressListener.NONE, runner);
                    v.runs().add(result.timings());
                    v.last().clear();
                    v.last().add(result);
                }
                print(out, v);
            }
        } finally {
            if (trials != null) {
                trials.close();
            }
        }
        for (Variant v : variants.subList(1, variants.size())) {
            // A variant on the cluster is compared with the same analysis on this machine.
            Variant base = v.spark() ? variants.get(v.name().startsWith("onestep") ? 1 : 0) : variants.get(0);
            out.printf(Locale.ROOT, "ratio %s / %s: %.2f (total, median)%n", v.name(), base.name(),
                    Statistics.median(v.runs().stream().mapToDouble(Timings::total).toArray())
                            / Statistics.median(base.runs().stream().mapToDouble(Timings::total).toArray()));
        }
        if (full) {
            compare(out, variants.get(0).last().get(0), variants.get(2).last().get(0));
        }
        if (cluster.enabled()) {
            out.printf(Locale.ROOT, "%s on %s gives the same credits as on this machine: %s%n", "faithful", cluster.master,
                    sameCredits(variants.get(0).last().get(0), variants.get(variants.size() - 2).last().get(0)));
        }
        return Main.OK;
    }

    /** {@code --scale}: checks its options, then runs {@link ScaleBench}. */
    private int scale() {
        if (quick || full) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--scale: expected no --quick or "
                    + "--full beside it, found " + (quick ? "--quick" : "--full"));
        }
        List<io.koopcredit.model.onnx.ResNets.Shape> shapes = new ArrayList<>();
        for (String m : scaleModels == null ? List.of("resnet20") : scaleModels) {
            shapes.addAll(switch (m.trim().toLowerCase(Locale.ROOT)) {
                case "resnet20" -> List.of(io.koopcredit.model.onnx.ResNets.RESNET20);
                case "resnet18" -> List.of(io.koopcredit.model.onnx.ResNets.RESNET18);
                case "sweep" -> io.koopcredit.model.onnx.ResNets.DIMENSION_SWEEP;
                default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--scale-models: expected resnet20, resnet18 or sweep, found '" + m + "'");
            });
        }
        int[] samples = (scaleSamples == null ? List.of(2000) : scaleSamples).stream().mapToInt(Integer::intValue)
                .filter(n -> n != 0).toArray();
        for (int n : samples) {
            if (n < 2) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--scale-samples: expected N >= 2"
                        + " (or 0 for none), found " + n);
            }
        }
        int trials = scaleTrials == null ? 10 : scaleTrials;
        int steps = scaleSteps == null ? 0 : scaleSteps;
        int holdout = scaleHoldout == null ? io.koopcredit.credit.Defaults.HOLDOUT : scaleHoldout;
        if (trials < 0 || steps < 0 || holdout < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--scale-trials, --scale-steps, "
                    + "--scale-holdout: expected T >= 0, K >= 0, H >= 1, found " + trials + ", " + steps + ", "
                    + holdout);
        }
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        cluster.check();
        int[] partitions = (scalePartitions == null ? List.of(0) : scalePartitions).stream()
                .mapToInt(Integer::intValue).toArray();
        for (int p : partitions) {
            if (scalePartitions != null && p < 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--scale-partitions: expected"
                        + " numbers >= 1, found " + p);
            }
        }
        if (scalePartitions != null && !cluster.enabled()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--scale-partitions: expected"
                    + " --spark MASTER beside it, found none");
        }
        ScaleBench.Cluster onCluster = !cluster.enabled() ? null : new ScaleBench.Cluster(cluster.master, partitions,
                p -> cluster.connect(p == 0 ? Map.of() : Map.of("spark.koopcredit.samplePartitions",
                        Integer.toString(p))));
        return ScaleBench.run(new ScaleBench.Plan(shapes, samples, trials, steps, holdout, workers, memory.memory,
                progress.enabled(), onCluster), spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** The shortcut is exact: the credits with and without it must agree up to rounding. */
    private static void compare(PrintWriter out, CreditResult shortcut, CreditResult fullRun) {
        out.println("credit with the cycle shortcut vs every step evaluated (log BC):");
        for (int b = 0; b < shortcut.blocks().size(); b++) {
            var a = shortcut.blocks().get(b).credit();
            var c = fullRun.blocks().get(b).credit();
            out.printf(Locale.ROOT, "  %-8s %s  %s  diff %s%n", shortcut.blocks().get(b).name(),
                    a == null ? "-" : CreditTable.fmt(a.logCredit()), c == null ? "-" : CreditTable.fmt(c.logCredit()),
                    a == null || c == null ? "-" : String.format(Locale.ROOT, "%.2g", Math.abs(a.logCredit()
                            - c.logCredit())));
        }
    }

    private static boolean sameCredits(CreditResult a, CreditResult b) {
        for (int i = 0; i < a.blocks().size(); i++) {
            var x = a.blocks().get(i).credit();
            var y = b.blocks().get(i).credit();
            if ((x == null) != (y == null) || x != null && x.logCredit() != y.logCredit()) {
                return false;
            }
        }
        return true;
    }

    /** @return the options with --threads and --memory applied */
    private AnalysisOptions withRunOptions(AnalysisOptions o) {
        AnalysisOptions t = threads == null ? o : o.withThreads(threads);
        return memory.memory == null ? t : t.withMemory(memory.memory);
    }

    private static void print(PrintWriter out, Variant v) {
        List<Timings> runs = v.runs();
        AnalysisOptions o = v.options();
        out.printf(Locale.ROOT, "%n%s: estimator %s, N=%d, T=%d, threads %d%s%n", v.name(), o.kind().spec(),
                o.samples(), o.trials(), o.threads(), o.estimator() instanceof Estimator.Faithful f
                        ? ", precision " + f.precision().spec() + ", shortcut " + f.shortcutCycles() : "");
        out.printf(Locale.ROOT, "  total %.2f s (runs: %s)%n", Statistics.median(runs.stream().mapToDouble(Timings::total)
                .toArray()), Arrays.toString(runs.stream().mapToDouble(t -> round(t.total())).toArray()));
        out.printf(Locale.ROOT, "  stages (elapsed): activations %.2f s, estimation %.2f s, global %.2f s%n",
                Statistics.median(runs.stream().mapToDouble(Timings::activations).toArray()),
                Statistics.median(runs.stream().mapToDouble(Timings::estimation).toArray()),
                Statistics.median(runs.stream().mapToDouble(Timings::global).toArray()));
        out.println("  per block (thread-seconds summed over trials; median of runs):");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"  block", "embedding", "dmd", "credit", "fidelity"});
        int blocks = runs.get(0).blocks().size();
        for (int b = 0; b < blocks; b++) {
            final int i = b;
            rows.add(new String[] {"  " + runs.get(0).blocks().get(b).name(),
                fmt(runs.stream().mapToDouble(t -> t.blocks().get(i).embedding()).toArray()),
                fmt(runs.stream().mapToDouble(t -> t.blocks().get(i).dmd()).toArray()),
                fmt(runs.stream().mapToDouble(t -> t.blocks().get(i).credit()).toArray()),
                fmt(runs.stream().mapToDouble(t -> t.blocks().get(i).fidelity()).toArray())});
        }
        CreditTable.printAligned(rows, out);
    }

    private static String fmt(double[] values) {
        return String.format(Locale.ROOT, "%.3f", Statistics.median(values));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
