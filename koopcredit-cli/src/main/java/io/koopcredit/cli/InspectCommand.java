package io.koopcredit.cli;

import io.koopcredit.model.Block;
import io.koopcredit.model.BlockKind;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.ModelInfo;
import io.koopcredit.model.PartitionAdvice;
import io.koopcredit.model.onnx.LoadOptions;
import io.koopcredit.model.onnx.OnnxNetwork;
import io.koopcredit.report.json.InspectView;
import io.koopcredit.report.json.JsonOutput;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code koopcredit inspect MODEL [--blocks SPEC] [--format table|json] [--keep-softmax]}: shows the blocks
 * of a model, one row per block (name, layers and operators, input shape -> output shape, nIn, nOut, kind,
 * parameters), the trailing nodes excluded from credit, and, for the S2L blocks, the merge of neighbouring
 * blocks that lowers their dimension difference ({@link PartitionAdvice}) with the resulting partition as a
 * {@code --blocks} spec.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Show the blocks of a model: shapes, widths, kinds, parameters.")
public final class InspectCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format {
        /** An aligned table for people. */
        table,
        /** {@code {"model", "blocks": [...], "excluded": [...]}} for programs. */
        json
    }

    /** Spaces between table columns. */
    private static final String GAP = "  ";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", converter = Converters.NonEmptyPath.class,
            description = "The ONNX model file.")
    Path model;

    @Option(names = "--blocks", paramLabel = "SPEC",
            description = {"Join consecutive layers into blocks, e.g. conv1+pool1,conv2+pool2,dense1-dense3.",
                "Default: one block per layer, except where a branch or residual connection forbids a cut.",
                "The S2L advice printed below the blocks is about this partition."})
    String blocks;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--keep-softmax",
            description = "Credit a trailing Softmax / LogSoftmax as part of the last layer instead of excluding it.")
    boolean keepSoftmax;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Main.doing("loading the model " + model);
        try (OnnxNetwork net = OnnxNetwork.load(model, LoadOptions.defaults().withKeepSoftmax(keepSoftmax))) {
            BlockPartition partition = Converters.option(spec, () -> net.partition(blocks));
            PartitionAdvice advice = PartitionAdvice.of(partition);
            if (format == Format.json) {
                out.print(JsonOutput.toJson(InspectView.of(model.toString(), partition, advice)));
            } else {
                printTable(out, net.info(), partition);
                printAdvice(out, advice);
            }
        }
        out.flush();
        return Main.OK;
    }

    /** The S2L blocks, what lowers their excess, and the suggested spec; nothing without S2L blocks. */
    private static void printAdvice(PrintWriter out, PartitionAdvice advice) {
        if (advice.s2l().isEmpty()) {
            return;
        }
        out.println();
        out.println("* S2L blocks: their dimension alignment loses nOut - nIn dimensions (Theorem 4); the paper"
                + " prefers L2S and E2E blocks");
        int width = advice.s2l().stream().mapToInt(b -> b.block().length()).max().orElse(0);
        for (PartitionAdvice.S2lBlock b : advice.s2l()) {
            StringBuilder line = new StringBuilder("  ").append(b.block())
                    .append(" ".repeat(width - b.block().length())).append("  ").append(b.nIn()).append(" -> ")
                    .append(b.nOut()).append(", loses ").append(b.excess()).append(": ");
            line.append(b.merge().map(m -> "merge " + describe(m)).orElse("no neighbouring block lowers it"));
            out.println(line);
            b.removal().ifPresent(r -> out.println("  " + " ".repeat(width + 2) + "removing it takes " + describe(r)));
        }
        out.println(advice.suggestedSpec().map(s -> "suggested --blocks " + s)
                .orElse("no merge suggested: the partition is kept"));
    }

    /** @return {@code conv1+pool1 (784 -> 1176, S2L, loses 392)} */
    private static String describe(PartitionAdvice.Merge m) {
        return m.spec() + " (" + (m.blocks() > 2 ? m.blocks() + " blocks, " : "") + m.nIn() + " -> " + m.nOut()
                + ", " + m.kind() + (m.excess() > 0 ? ", loses " + m.excess() : "") + ")";
    }

    private void printTable(PrintWriter out, ModelInfo info, BlockPartition partition) {
        out.println("model    " + model);
        out.println("sha256   " + info.sha256());
        out.println("producer " + (info.producer().isEmpty() ? "(unknown)" : info.producer()) + ", opset "
                + info.opset());
        out.println("input    " + info.inputShape() + " -> output " + info.outputShape()
                + info.preprocessing().map(p -> ", preprocessing '" + p + "'").orElse(""));
        out.println();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "block", "ops", "input", "", "output", "nIn", "nOut", "kind", "params"});
        long total = 0;
        for (Block b : partition.blocks()) {
            rows.add(new String[] {Integer.toString(b.index()), b.name(), ops(b),
                b.inputShape().toString(), "->", b.outputShape().toString(), Integer.toString(b.nIn()), Integer.toString(b.nOut()),
                b.kind().name() + (b.kind() == BlockKind.S2L ? "*" : ""), Long.toString(b.params())});
            total += b.params();
        }
        boolean[] right = {true, false, false, true, false, false, true, true, false, true};
        int[] widths = new int[right.length];
        for (String[] r : rows) {
            for (int c = 0; c < r.length; c++) {
                widths[c] = Math.max(widths[c], r[c].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.length; c++) {
                String pad = " ".repeat(widths[c] - r[c].length());
                line.append(c == 0 ? "" : GAP).append(right[c] ? pad + r[c] : r[c] + (c == r.length - 1 ? "" : pad));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println();
        out.println(partition.size() + " block" + (partition.size() == 1 ? "" : "s") + ", " + total + " parameters");
        out.println("excluded " + (partition.excluded().isEmpty() ? "none" : partition.excluded().stream()
                .map(l -> l.name() + " (" + String.join(" ", l.ops()) + ")").collect(Collectors.joining(", "))));
    }

    /** @return {@code Conv Relu} for a one-layer block, {@code conv1(Conv Relu) pool1(MaxPool)} otherwise */
    private static String ops(Block b) {
        if (b.layers().size() == 1) {
            return String.join(" ", b.ops());
        }
        return b.layers().stream().map(l -> l.name() + "(" + String.join(" ", l.ops()) + ")")
                .collect(Collectors.joining(" "));
    }
}
