package io.koopcredit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.koopcredit.base.InputException;
import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.CreditAnalysis;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.koopman.EvaluationPrecision;
import io.koopcredit.model.Network;
import io.koopcredit.model.onnx.LoadOptions;
import io.koopcredit.model.onnx.OnnxNetwork;
import io.koopcredit.report.StagedDirectory;
import io.koopcredit.report.json.AgreementView;
import io.koopcredit.validation.ReferenceAgreement;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code koopcredit agreement}: the paper's estimator on the bundled models, with the paper's settings
 * (N = 1, T = 10, 2d steps), compared with an independent float64 implementation of the paper
 * ({@code data/reference/}, made by {@code tools/reference/}): Spearman's ρ of the block log credits and each
 * block's fidelity (issue #9's criteria, {@link ReferenceAgreement}).
 */
@Command(name = "agreement", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Compare the paper's estimator on the bundled models with an independent float64",
            "implementation of the paper (data/reference/float64-reference.json): rank correlation of the block",
            "credits and every block's fidelity. Exit code 0 when every run agrees, 3 when one does not.",
            "Takes about 3 minutes on 2 cores (most of it LeNet-5 in float64)."})
public final class AgreementCommand implements Callable<Integer> {

    /** Exit code when a run does not reach the agreement criteria. */
    static final int DISAGREES = 3;

    /** The bundled models the reference covers: its key, the file, the required rank correlation. */
    private record Model(String key, String title, Path file, double requiredSpearman) {
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--reference", paramLabel = "FILE",
            description = "Reference results (default: data/reference/float64-reference.json)")
    Path reference;

    @Option(names = "--precision", paramLabel = "P", split = ",", converter = Converters.PrecisionConverter.class,
            description = "Evaluation precisions to compare, comma-separated (default: auto,float32)")
    List<EvaluationPrecision> precisions = List.of(EvaluationPrecision.AUTO, EvaluationPrecision.FLOAT32);

    @Option(names = "--models", paramLabel = "NAMES", split = ",",
            description = "Bundled models to compare, comma-separated: lenet5, mlp81 (default: both)")
    List<String> models = List.of("lenet5", "mlp81");

    @Option(names = "--seed", paramLabel = "S", description = "Seed of every random draw (default: 20221202)")
    Long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: one per processor)")
    Integer threads;

    @picocli.CommandLine.Mixin
    MemoryOption memory = new MemoryOption();

    @Option(names = "--out", paramLabel = "DIR", description = "Where agreement.json goes (default: out/agreement)")
    Path out = Path.of("out", "agreement");

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = reference != null ? reference : Install.home().resolve("data/reference/float64-reference.json");
        JsonNode referenceModels = readReference(file);
        List<Model> bundled = new ArrayList<>();
        for (String name : models) {
            bundled.add(switch (name.trim()) {
                case "lenet5" -> new Model("lenet5", "LeNet-5 (N1)", Install.lenet5(), 0.9);
                case "mlp81" -> new Model("mlp81", "81-128-64-24-10 network (N2)", Install.mlp81(), 0.8);
                default -> throw new ParameterException(spec.commandLine(), "--models '" + name
                        + "': expected lenet5 or mlp81");
            });
        }
        List<AgreementView.Run> runs = new ArrayList<>();
        boolean all = true;
        try (StagedDirectory dir = StagedDirectory.open(this.out)) {
            for (Model m : bundled) {
                ReferenceAgreement.Reference ref = reference(referenceModels, m, file);
                List<ReferenceAgreement.Result> results = new ArrayList<>();
                for (EvaluationPrecision p : precisions) {
                    AnalysisOptions options = AnalysisOptions.of(Estimator.faithful().precision(p));
                    if (seed != null) {
                        options = options.withSeed(seed);
                    }
                    if (threads != null) {
                        options = options.withThreads(threads);
                    }
                    if (memory.memory != null) {
                        options = options.withMemory(memory.memory);
                    }
                    try (Network network = OnnxNetwork.load(m.file(), LoadOptions.defaults())) {
                        AnalysisData input = new DataOptions().load(network.info(), options.samples(),
                                options.holdout());
                        CreditResult r = CreditAnalysis.run(network, input, options,
                                new ProgressBar(err, m.key() + " " + p.spec(), System.console() != null));
                        ReferenceAgreement.Result a = ReferenceAgreement.compare(ref, r);
                        results.add(a);
                        all &= a.agrees();
                        runs.add(new AgreementView.Run(m.key(), p.spec(), options.seed(), a));
                    }
                }
                print(out, m, ref, results);
            }
            dir.writeString("agreement.json", new AgreementView("koopcredit", VersionProvider.describe(),
                    file.toString(), runs).toJson());
            dir.commit();
        }
        out.println();
        out.println((all ? "every run agrees with the reference" : "some run does not agree with the reference")
                + "; wrote " + this.out.resolve("agreement.json"));
        return all ? Main.OK : DISAGREES;
    }

    private static JsonNode readReference(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException("--reference " + file + ": expected a reference JSON file, found none");
        }
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            JsonNode models = root.path("models");
            if (!models.isObject()) {
                throw new InputException("--reference " + file + ": expected an object 'models', found "
                        + models.getNodeType());
            }
            return models;
        } catch (IOException e) {
            throw new InputException("--reference " + file + ": not readable JSON: " + e.getMessage(), e);
        }
    }

    private static ReferenceAgreement.Reference reference(JsonNode models, Model m, Path file) {
        JsonNode blocks = models.path(m.key()).path("summary").path("blocks");
        if (!blocks.isArray() || blocks.isEmpty()) {
            throw new InputException("--reference " + file + ": expected models." + m.key() + ".summary.blocks, found"
                    + " none");
        }
        List<ReferenceAgreement.ReferenceBlock> out = new ArrayList<>();
        for (JsonNode b : blocks) {
            out.add(new ReferenceAgreement.ReferenceBlock(b.path("name").asText(), number(b, "logCreditMean", file),
                    b.path("logCreditSd").asDouble(0), number(b, "fidelityMean", file)));
        }
        return new ReferenceAgreement.Reference(m.key(), out, m.requiredSpearman());
    }

    private static double number(JsonNode block, String field, Path file) {
        JsonNode v = block.path(field);
        if (!v.isNumber()) {
            throw new InputException("--reference " + file + ": block " + block.path("name").asText() + ": expected a"
                    + " number '" + field + "', found " + v.getNodeType());
        }
        return v.asDouble();
    }

    private void print(PrintWriter out, Model m, ReferenceAgreement.Reference ref,
                       List<ReferenceAgreement.Result> results) {
        out.printf(Locale.ROOT, "%n== %s: faithful estimator, N = 1, T = 10 (reference: mean ± sd over its seeds)%n",
                m.title());
        List<String[]> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("block", "reference logBC"));
        precisions.forEach(p -> head.add(p.spec() + " logBC"));
        head.add("reference fidelity");
        precisions.forEach(p -> head.add(p.spec() + " fidelity"));
        rows.add(head.toArray(new String[0]));
        for (int i = 0; i < ref.blocks().size(); i++) {
            ReferenceAgreement.ReferenceBlock rb = ref.blocks().get(i);
            List<String> row = new ArrayList<>(List.of(rb.name(),
                    String.format(Locale.ROOT, "%.1f ± %.1f", rb.logCredit(), rb.logCreditStd())));
            for (ReferenceAgreement.Result r : results) {
                Double c = r.blocks().get(i).logCredit();
                row.add(c == null ? "-" : String.format(Locale.ROOT, "%.1f", c));
            }
            row.add(String.format(Locale.ROOT, "%.2f", rb.fidelity()));
            for (ReferenceAgreement.Result r : results) {
                ReferenceAgreement.BlockAgreement b = r.blocks().get(i);
                row.add(b.fidelity() == null ? "-" : String.format(Locale.ROOT, "%.2f%s", b.fidelity(),
                        !b.fidelityChecked() ? " (not checked)" : b.fidelityAgrees() ? "" : " (off by > 0.15)"));
            }
            rows.add(row.toArray(new String[0]));
        }
        CreditTable.printAligned(rows, out);
        for (int k = 0; k < results.size(); k++) {
            ReferenceAgreement.Result r = results.get(k);
            long checked = r.blocks().stream().filter(ReferenceAgreement.BlockAgreement::fidelityChecked).count();
            long agreeing = r.blocks().stream().filter(ReferenceAgreement.BlockAgreement::fidelityAgrees).count();
            out.printf(Locale.ROOT, "%s: Spearman %s (required >= %.1f), fidelity within %.2f on %d of %d checked "
                    + "blocks: %s%n", precisions.get(k).spec(),
                    r.spearman() == null ? "undefined" : String.format(Locale.ROOT, "%.3f", r.spearman()),
                    r.requiredSpearman(), ReferenceAgreement.FIDELITY_TOLERANCE, agreeing, checked,
                    r.agrees() ? "agrees" : "DOES NOT AGREE");
        }
    }
}
