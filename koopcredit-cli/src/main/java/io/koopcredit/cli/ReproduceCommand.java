package io.koopcredit.cli;

import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.CreditAnalysis;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.koopman.EstimatorKind;
import io.koopcredit.model.Network;
import io.koopcredit.model.onnx.LoadOptions;
import io.koopcredit.model.onnx.OnnxNetwork;
import io.koopcredit.report.Provenance;
import io.koopcredit.report.ReportFormat;
import io.koopcredit.report.ReportSection;
import io.koopcredit.report.Reports;
import io.koopcredit.report.StagedDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code koopcredit reproduce}: both experiments of the paper's Section IV on the bundled models and
 * digits, with the paper's settings (every layer a block, T = 10 random alignments), written as one HTML
 * page with its charts and data files.
 *
 * <ul>
 *   <li>IV.A, component credit: LeNet-5 (N1), layer credit and the kernel credit of conv1 and conv2;</li>
 *   <li>IV.B, feature weights: the 81-128-64-24-10 network (N2) on 9×9 max-pooled digits, ten 9×9
 *       weight maps and the per-sample view.</li>
 * </ul>
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Run the paper's experiments (Section IV) on the bundled models.",
            "Writes DIR/index.html, one self-contained page, with PNG charts, credit JSON and CSV files beside it."})
public final class ReproduceCommand implements Callable<Integer> {
    /** Which estimators to run. */
    enum Choice {
        FAITHFUL, ONESTEP, PCA, BOTH, ALL
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", converter = Converters.NonEmptyPath.class,
            description = "Output folder (default: out/reproduce)")
    Path out = Path.of("out", "reproduce");

    @Option(names = "--estimator", paramLabel = "NAME",
            description = "faithful (the paper's), onestep (one-step DMD, not in the paper), pca (the paper's quick "
                    + "variant), both (faithful and onestep) or all (default)")
    String estimator = "all";

    @Option(names = "--seed", paramLabel = "S", description = "Seed of every random draw (default: 20221202)")
    Long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: one per processor)")
    Integer threads;

    // Scaled-down runs of the same page, for the tests (hidden: reproduce is the paper's experiment with the
    // paper's settings; README, "Testing").
    @Option(names = "--holdout", hidden = true, paramLabel = "H",
            description = "Held-out samples of every analysis (default: 1000)")
    Integer holdout;

    @Option(names = "--samples", hidden = true, paramLabel = "N",
            description = "Fitting samples of the one-step and PCA analyses (default: 2000); the faithful ones keep"
                    + " the paper's N = 1")
    Integer samples;

    @Option(names = "--trials", hidden = true, paramLabel = "T",
            description = "Random alignments of the faithful analyses (default: 10)")
    Integer trials;

    @Option(names = "--steps", hidden = true, paramLabel = "K",
            description = "Embedding steps of the faithful analyses (default: 2d)")
    Integer steps;

    @picocli.CommandLine.Mixin
    ProgressOption progress = new ProgressOption();

    @picocli.CommandLine.Mixin
    MemoryOption memory = new MemoryOption();

    /** One analysis of the page: a bundled model with one estimator. */
    private record Experiment(String id, String title, Path model, EstimatorKind estimator, String note) {
    }

    @Override
    public Integer call() {
        List<EstimatorKind> kinds = switch (parse(estimator)) {
            case FAITHFUL -> List.of(EstimatorKind.FAITHFUL);
            case ONESTEP -> List.of(EstimatorKind.ONE_STEP);
            case PCA -> List.of(EstimatorKind.PCA);
            case BOTH -> List.of(EstimatorKind.FAITHFUL, EstimatorKind.ONE_STEP);
            case ALL -> List.of(EstimatorKind.values());
        };
        List<Experiment> experiments = new ArrayList<>();
        for (EstimatorKind k : kinds) {
            experiments.add(new Experiment("lenet5-" + k.spec(), "IV.A Component credit: LeNet-5 (N1), " + label(k),
                    Install.lenet5(), k, "Layer credit and the kernel credit of conv1 and conv2 (paper, Fig. 4(a))."));
        }
        for (EstimatorKind k : kinds) {
            experiments.add(new Experiment("mlp81-" + k.spec(), "IV.B Feature weights: 81-128-64-24-10 network (N2), "
                    + label(k), Install.mlp81(), k,
                    "Feature weights from K = K_m⋯K_1 on 9×9 max-pooled digits (paper, Fig. 4(b))."));
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean showProgress = progress.enabled();
        List<AnalysisOptions> settings = new ArrayList<>();
        for (Experiment e : experiments) {
            settings.add(Converters.option(spec, () -> options(e.estimator())));
        }
        List<ReportSection> sections = new ArrayList<>();
        // The output folder is checked and locked before the analyses, not after them.
        try (StagedDirectory dir = StagedDirectory.open(out(), "koopcredit reproduce")) {
            for (int i = 0; i < experiments.size(); i++) {
                Experiment e = experiments.get(i);
                AnalysisOptions options = settings.get(i);
                DataOptions data = new DataOptions();
                Main.doing("analysing " + e.model() + " (" + e.id() + ")");
                try (Network network = OnnxNetwork.load(e.model(), LoadOptions.defaults())) {
                    AnalysisData input = data.load(network.info(), options.samples(), options.holdout());
                    CreditResult result = CreditAnalysis.run(network, input, options,
                            new ProgressBar(err, e.id(), showProgress));
                    Provenance provenance = new Provenance("koopcredit", VersionProvider.describe(),
                            data.preprocessing(network.info()).toString());
                    sections.add(new ReportSection(e.id(), e.title(), result, provenance, e.note()));
                    out.printf(Locale.ROOT, "%n== %s (%.1f s)%n", e.title(), result.timings().total());
                    CreditTable.print(result, out);
                }
            }
            Main.doing("writing the report to " + out());
            Reports.writePage(dir, "koopcredit: the experiments of Liang et al. (2022), Section IV", sections,
                    EnumSet.allOf(ReportFormat.class));
            dir.commit();
        }
        out.println();
        out.println("wrote " + out().resolve("index.html"));
        return Main.OK;
    }

    private Path out() {
        return out;
    }

    private AnalysisOptions options(EstimatorKind kind) {
        AnalysisOptions options = AnalysisOptions.forEstimator(kind);
        if (seed != null) {
            options = options.withSeed(seed);
        }
        if (threads != null) {
            options = options.withThreads(threads);
        }
        if (memory.memory != null) {
            options = options.withMemory(memory.memory);
        }
        if (holdout != null) {
            options = options.withHoldout(holdout);
        }
        if (options.estimator() instanceof Estimator.Faithful f) {
            options = options.withEstimator(f.trials(trials != null ? trials : f.trials())
                    .steps(steps != null ? steps : f.steps()));
        } else if (samples != null) {
            options = options.withSamples(samples);
        }
        return options;
    }

    private static String label(EstimatorKind k) {
        return switch (k) {
            case FAITHFUL -> "faithful estimator (the paper's method)";
            case ONE_STEP -> "one-step estimator (not in the paper)";
            case PCA -> "PCA estimator (the paper's quick variant, Section III.D)";
        };
    }

    private Choice parse(String text) {
        try {
            return Choice.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--estimator '" + text
                    + "': expected faithful, onestep, pca, both or all");
        }
    }
}
