package io.koopcredit.cli;

import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.CreditAnalysis;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.model.Network;
import io.koopcredit.report.Provenance;
import io.koopcredit.report.ReportFormat;
import io.koopcredit.report.Reports;
import io.koopcredit.report.chart.ClassMaps;
import io.koopcredit.report.StagedDirectory;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code koopcredit credit}: the paper's credit assignment for one model. */
@Command(name = "credit", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Assign credit to the blocks of a model (Liang et al. 2022, Section III).",
            "Without arguments: the bundled LeNet-5 on the bundled MNIST digits."})
public final class CreditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    EstimationOptions estimation = new EstimationOptions();

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--out", paramLabel = "DIR", converter = Converters.NonEmptyPath.class,
            description = "Output folder (default: out/credit)")
    Path out = Path.of("out", "credit");

    @Option(names = "--report", paramLabel = "FORMATS", split = ",",
            description = "What to write: json, csv, png, html (default: json)")
    Set<String> report;

    @Option(names = "--classes", paramLabel = "LIST",
            description = "Classes whose feature weights get a heat map (PNG, HTML), e.g. 3,17,500-504; at most 20"
                    + " (default: the first 10; feature-weights.npy holds every class)")
    String classes;

    @picocli.CommandLine.Mixin
    ProgressOption progress = new ProgressOption();

    @Override
    public Integer call() {
        AnalysisOptions options = estimation.resolve(model, spec);
        Set<ReportFormat> formats = report == null ? EnumSet.of(ReportFormat.JSON)
                : Converters.option(spec, () -> ReportFormat.parse(report));
        ClassMaps maps = classes == null ? ClassMaps.firstClasses()
                : Converters.option(spec, () -> ClassMaps.parse(classes));
        data.check(spec);
        cluster.check();
        Main.doing("loading the model " + model.modelPath());
        try (Network network = model.open()) {
            model.checkBlocks(network, spec);
            // A class the model does not have is an error before the analysis, not after it.
            Converters.option(spec, () -> maps.resolve(network.info().outputShape().size()));
            ClusterBackend.Connection trials = null;
            try {
                if (cluster.enabled()) {
                    Main.doing("connecting to the cluster " + cluster.master);
                    trials = cluster.connect();
                }
                Main.doing("reading the data " + data.dataPath());
                AnalysisData input = trials == null ? data.load(network.info(), options.samples(), options.holdout())
                        : trials.load(data.dataPath(), data.preprocessing(network.info()), network.info(),
                                options.samples(), options.holdout())
                        .orElseGet(() -> data.load(network.info(), options.samples(), options.holdout()));
                CreditResult result;
                // The output folder is checked and locked before the analysis, not after it.
                try (StagedDirectory dir = StagedDirectory.open(out, "koopcredit credit")) {
                    ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), "credit",
                            progress.enabled());
                    Main.doing("analysing " + model.modelPath() + (trials == null ? "" : " on " + cluster.master));
                    result = trials == null ? CreditAnalysis.run(network, input, options, bar)
                            : CreditAnalysis.run(network, input, options, bar, trials);
                    Provenance provenance = new Provenance("koopcredit", VersionProvider.describe(),
                            data.preprocessing(network.info()).toString());
                    Main.doing("writing the report to " + out);
                    Reports.write(dir, result, provenance, formats, maps);
                    dir.commit();
                }
                if (io.koopcredit.model.onnx.NativeLogging.verbose() && result.timings().memory() != null) {
                    spec.commandLine().getErr().print(result.timings().memory().plan().describe());
                }
                CreditTable.print(result, spec.commandLine().getOut());
                spec.commandLine().getOut().println("wrote " + String.join(", ", ReportFormat.fileNames(formats))
                        + " to " + out);
            } finally {
                if (trials != null) {
                    trials.close();
                }
            }
        }
        return Main.OK;
    }
}
