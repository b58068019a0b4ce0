package io.koopcredit.cli;

import io.koopcredit.base.InvalidOptionException;
import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.model.Network;
import io.koopcredit.report.Provenance;
import io.koopcredit.report.ReportFormat;
import io.koopcredit.report.Reports;
import io.koopcredit.report.StagedDirectory;
import io.koopcredit.report.validation.ValidationAppendix;
import io.koopcredit.report.validation.ValidationCsv;
import io.koopcredit.report.validation.ValidationJson;
import io.koopcredit.report.validation.ValidationSummary;
import io.koopcredit.validation.ValidationOptions;
import io.koopcredit.validation.ValidationResult;
import io.koopcredit.validation.Validator;
import io.koopcredit.validation.pruning.PruningPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code koopcredit validate}: evidence that the credits mean something. Runs the analysis with the usual
 * options, then ablation agreement, the randomization sanity check, stability, the lesion studies and (with
 * {@code --pruning}) the pruning curves (see {@link Validator}); writes {@code DIR/validation.json} (schema:
 * {@link ValidationJson}), {@code lesions.csv} and {@code pruning.csv} when they have data, and prints a
 * summary.
 */
@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Check the credits: ablation agreement, randomization sanity check, stability, lesion studies",
            "(residual units and convolution kernels) and, with --pruning, credit-guided pruning.",
            "Without arguments: the bundled LeNet-5 on the bundled MNIST digits, faithful estimator.",
            "That takes minutes (an analysis per seed, randomization step and N: about 6 min on 2 cores);",
            "--quick runs a reduced check (about 2.5 min)."})
public final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    EstimationOptions estimation = new EstimationOptions();

    @Option(names = "--out", paramLabel = "DIR", converter = Converters.NonEmptyPath.class,
            description = "Output folder for validation.json and the HTML report "
            + "with its validation section (default: out/validate)")
    Path out = Path.of("out", "validate");

    @Option(names = "--seeds", paramLabel = "K",
            description = "Seeds of the stability check, the analysis seed and the next K-1 (default: 5; --quick: 3)")
    Integer seeds;

    @Option(names = "--quick", description = "Reduced run: 3 seeds, no N sweep, 50 bootstrap resamples, only the "
            + "first and last randomization steps")
    boolean quick;

    @Option(names = "--sample-sweep", paramLabel = "N", split = ",", splitSynopsisLabel = ",",
            description = "Fitting-sample counts compared with the analysis's (default: N,2N,4N for faithful; "
                    + "N/4,N/2,N for onestep; none with --quick)")
    List<Integer> sampleSweep;

    @Option(names = "--bootstrap", paramLabel = "B",
            description = "Bootstrap resamples over the trial operators (default: 200; --quick: 50)")
    Integer bootstrap;

    @Option(names = "--ablation-samples", paramLabel = "N",
            description = "Fitting samples the ablations average over (knockout means, linearization offsets); "
                    + "default: the analysis's own N (1 for faithful, where every knockout then gives the same output)")
    Integer ablationSamples;

    @Option(names = "--lesions", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Lesion studies: every residual unit's branch removed and every convolution kernel zeroed, "
                    + "their damage against block and kernel credit, L1 norm and activation (default: on)")
    boolean lesions = true;

    @Option(names = "--lesion-blocks", paramLabel = "BLOCK", split = ",", splitSynopsisLabel = ",",
            description = "The blocks to lesion as residual units (default: every block that is one; a block that is "
                    + "not one is an error)")
    List<String> lesionBlocks;

    @Option(names = "--pruning", description = "Pruning curves: held-out accuracy after zeroing the 5%%..50%% of the "
            + "convolution kernels with the lowest kernel credit, L1 norm or activation, or at random")
    boolean pruning;

    @Option(names = "--pruning-fractions", paramLabel = "F", split = ",", splitSynopsisLabel = ",",
            description = "Fractions of the kernels to prune, each in (0, 1), increasing (default: "
                    + "0.05,0.1,0.2,0.3,0.4,0.5; implies --pruning)")
    List<Double> pruningFractions;

    @Option(names = "--pruning-seeds", paramLabel = "K",
            description = "Random prunings per fraction, for mean +- sd (default: 5; implies --pruning)")
    Integer pruningSeeds;

    @picocli.CommandLine.Mixin
    ProgressOption progress = new ProgressOption();

    @Override
    public Integer call() {
        AnalysisOptions options = estimation.resolve(model, spec);
        ValidationOptions v = Converters.option(spec, () -> validationOptions(options));
        data.check(spec);
        PrintWriter stdout = spec.commandLine().getOut();
        Main.doing("loading the model " + model.modelPath());
        try (Network network = model.open()) {
            model.checkBlocks(network, spec);
            Converters.option(spec, () -> {
                Validator.check(network, options, v);
                return v;
            });
            Main.doing("reading the data " + data.dataPath());
            AnalysisData input = data.load(network.info(), v.fitSamplesNeeded(options), options.holdout());
            ValidationResult result;
            // The output folder is checked and locked before the analysis, not after it.
            try (StagedDirectory dir = StagedDirectory.open(out, "koopcredit validate")) {
                ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), "validate",
                        progress.enabled());
                Main.doing("validating the credits of " + model.modelPath());
                result = Validator.run(network, input, options, v, bar);
                Provenance provenance = new Provenance("koopcredit", VersionProvider.describe(),
                        data.preprocessing(network.info()).toString());
                Main.doing("writing the report to " + out);
                dir.writeString(ValidationJson.FILE_NAME, ValidationJson.toJson(result, provenance));
                ValidationCsv.files(result).forEach(dir::writeString);
                Reports.write(dir, "Validation of the credits of " + network.info().path().getFileName(),
                        result.analysis(), provenance, EnumSet.allOf(ReportFormat.class),
                        List.of(ValidationAppendix.of(result)));
                dir.commit();
            }
            ValidationSummary.lines(result).forEach(stdout::println);
            List<String> csv = List.copyOf(ValidationCsv.files(result).keySet());
            stdout.println("wrote " + ValidationJson.FILE_NAME + ", index.html (with its validation section), "
                    + (csv.isEmpty() ? "" : String.join(", ", csv) + ", ") + "credit.json and the charts to " + out);
        }
        return Main.OK;
    }

    private ValidationOptions validationOptions(AnalysisOptions options) {
        ValidationOptions v = quick ? ValidationOptions.quick(options) : ValidationOptions.defaults(options);
        if (seeds != null) {
            v = v.withSeeds(seeds);
        }
        if (sampleSweep != null) {
            v = v.withSampleSweep(sampleSweep);
        }
        if (bootstrap != null) {
            v = v.withBootstrapResamples(bootstrap);
        }
        if (ablationSamples != null) {
            v = v.withAblationSamples(ablationSamples);
        }
        if (!lesions) {
            if (lesionBlocks != null) {
                throw new InvalidOptionException("lesionBlocks", "expected the lesion studies to"
                        + " run, found --no-lesions");
            }
            v = v.withLesions(false);
        } else if (lesionBlocks != null) {
            v = v.withLesionBlocks(lesionBlocks);
        }
        if (pruning || pruningFractions != null || pruningSeeds != null) {
            v = v.withPruning(new PruningPlan(pruningFractions != null ? pruningFractions
                    : PruningPlan.DEFAULT_FRACTIONS, pruningSeeds != null ? pruningSeeds
                    : PruningPlan.DEFAULT_RANDOM_SEEDS));
        }
        return v;
    }
}
