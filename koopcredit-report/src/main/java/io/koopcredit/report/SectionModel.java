package io.koopcredit.report;

import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.BlockStatus;
import io.koopcredit.credit.BlockTimings;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.EmbeddingSummary;
import io.koopcredit.credit.FeatureWeights;
import io.koopcredit.credit.Fidelity;
import io.koopcredit.credit.GlobalFidelity;
import io.koopcredit.credit.KernelCredit;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.model.Block;
import io.koopcredit.model.Layer;
import io.koopcredit.model.ModelInfo;
import io.koopcredit.report.HtmlModel.Card;
import io.koopcredit.report.HtmlModel.Cell;
import io.koopcredit.report.HtmlModel.Column;
import io.koopcredit.report.HtmlModel.Features;
import io.koopcredit.report.HtmlModel.Figure;
import io.koopcredit.report.HtmlModel.Guide;
import io.koopcredit.report.HtmlModel.Kernels;
import io.koopcredit.report.HtmlModel.Row;
import io.koopcredit.report.HtmlModel.Section;
import io.koopcredit.report.HtmlModel.Table;
import io.koopcredit.report.HtmlModel.TocEntry;
import io.koopcredit.report.chart.Chart;
import io.koopcredit.report.chart.ChartKind;
import io.koopcredit.report.chart.CreditCharts;
import io.koopcredit.report.chart.Numbers;
import io.koopcredit.report.chart.SpatialLayout;
import io.koopcredit.stats.Statistics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * What one analysis shows on the page, as text: the cards, how to read it, warnings about values not to
 * trust, the tables (blocks, kernels, diagnostics, trajectories, global fidelity, provenance, timings) and
 * the figures. Every number quoted comes from the result; the templates lay it out.
 */
final class SectionModel {
    /** Fidelity above this is worse than predicting zero (the relative error of the zero prediction). */
    static final double NO_BETTER_THAN_ZERO = 1.0;
    /**
     * Below this agreement the product operator disagrees with the network on most samples, so its rows
     * (the feature weights) do not describe the network's decisions; "most" is the honest threshold.
     */
    static final double LOW_AGREEMENT = 0.5;

    private SectionModel() {
    }

    /**
     * @param s the analysis
     * @param files its file names
     * @param charts its rendered charts
     * @param options data links, timings
     * @return the section's model
     */
    static Section of(ReportSection s, SectionFiles files, List<Chart> charts, PageOptions options) {
        CreditResult r = s.result();
        List<Chart> kernelCharts = charts.stream().filter(c -> c.kind() == ChartKind.KERNEL_CREDIT).toList();
        List<Kernels> kernels = new ArrayList<>();
        for (Chart c : kernelCharts) {
            BlockResult b = r.block(c.block());
            kernels.add(new Kernels(figure(files, c), b.name() + ": kernel credit table (" + b.kernels().size()
                    + " kernels)", kernelTable(b)));
        }
        List<Figure> featureFigures = new ArrayList<>();
        charts.stream().filter(c -> c.kind() == ChartKind.FEATURE_WEIGHTS || c.kind() == ChartKind.EXAMPLES)
                .forEach(c -> featureFigures.add(figure(files, c)));
        String sharedNote = sharedSensitivityNote(r);
        return new Section(s.id(), s.title(), s.note(), toc(s.id(), !kernelCharts.isEmpty()), cards(r), guide(r),
                warnings(r), List.of(figure(files, only(charts, ChartKind.LAYER_CREDIT)),
                        figure(files, only(charts, ChartKind.LAYER_CREDIT_PER_DIM))),
                creditTable(r, sharedNote), sharedNote == null ? null : "Block sensitivity (Theorem 5, log |det ∂K/∂K_i|)"
                        + " for every block: " + sharedNote + ".", kernels,
                r.featureWeights() == null ? null : new Features(featureText(r.featureWeights(),
                        options.classMaps().resolve(r.featureWeights().classes()), files, options), featureFigures),
                r.featureWeights() == null ? "Not available: " + r.globalNote() + "." : null,
                List.of(figure(files, only(charts, ChartKind.FIDELITY)), figure(files, only(charts, ChartKind.SNAPSHOT_RANK))),
                diagnosticsTable(r), trajectories(r), global(r.global()),
                r.global() == null ? "Not available: " + r.globalNote() + "." : null, dataFiles(r, files, options),
                provenance(r, s.provenance()), options.timings() ? timings(r) : null);
    }

    /** @return the section's sub-headings, in page order */
    private static List<TocEntry> toc(String id, boolean kernels) {
        List<TocEntry> out = new ArrayList<>();
        out.add(new TocEntry(id + "-credit", "Layer credit"));
        out.add(new TocEntry(id + "-blocks", "Blocks"));
        if (kernels) {
            out.add(new TocEntry(id + "-kernels", "Kernel credit"));
        }
        out.add(new TocEntry(id + "-features", "Feature weights"));
        out.add(new TocEntry(id + "-diagnostics", "Diagnostics"));
        out.add(new TocEntry(id + "-global", "Global fidelity"));
        out.add(new TocEntry(id + "-provenance", "Provenance"));
        return out;
    }

    private static Figure figure(SectionFiles files, Chart c) {
        return new Figure(c.svg(), c.title(), files.png(c));
    }

    private static Chart only(List<Chart> charts, ChartKind kind) {
        return charts.stream().filter(c -> c.kind() == kind).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + kind + " chart was rendered"));
    }

    private static List<Card> cards(CreditResult r) {
        long credited = r.blocks().stream().filter(b -> b.credit() != null).count();
        BlockResult top = r.blocks().stream().filter(b -> b.creditRank() != null && b.creditRank() == 1).findFirst()
                .orElse(null);
        double[] fid = fidelities(r);
        long bad = r.blocks().stream().filter(b -> untrusted(b.fidelity())).count();
        GlobalFidelity g = r.global();
        return List.of(new Card("blocks", Integer.toString(r.blocks().size()), credited + " with a credit"),
                new Card("most credit", top == null ? Numbers.MISSING : top.name(),
                        top == null ? "no block has a credit" : "log credit " + Numbers.format(top.credit().logCredit())),
                new Card("median block fidelity", fid.length == 0 ? Numbers.MISSING : Numbers.format(Statistics.median(fid)),
                        bad + " of " + r.blocks().size() + " blocks above 1"),
                new Card("K agrees with the network", g == null ? Numbers.MISSING : Numbers.percent(g.agreement()),
                        g == null ? "some block has no operator" : accuracies(g)));
    }

    private static Guide guide(CreditResult r) {
        List<BlockResult> measured = r.blocks().stream().filter(b -> b.fidelity() != null)
                .sorted(Comparator.comparingDouble(b -> b.fidelity().median())).toList();
        String fidelity;
        if (measured.isEmpty()) {
            fidelity = "No block's fidelity could be measured.";
        } else {
            BlockResult lo = measured.get(0);
            BlockResult hi = measured.get(measured.size() - 1);
            fidelity = "Here the block medians run from " + Numbers.format(lo.fidelity().median()) + " (" + lo.name()
                    + ") to " + Numbers.format(hi.fidelity().median()) + " (" + hi.name() + "); their median is "
                    + Numbers.format(Statistics.median(fidelities(r))) + ".";
        }
        return new Guide(r.options().kind().spec(), r.options().kind().description(), fidelity);
    }

    private static List<String> warnings(CreditResult r) {
        List<String> items = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (BlockResult b : r.blocks()) {
            if (untrusted(b.fidelity())) {
                bad.add(b.name() + " (" + Numbers.format(b.fidelity().median()) + ")");
            }
        }
        if (!bad.isEmpty()) {
            items.add("Fidelity above 1 for " + String.join(", ", bad) + ": the linear model is worse than predicting"
                    + " zero; credit values of " + (bad.size() == 1 ? "this block" : "these blocks")
                    + " are not trustworthy.");
        }
        for (BlockResult b : r.blocks()) {
            if (b.status() != BlockStatus.OK) {
                items.add("No credit for " + b.name() + " (" + b.status().name().toLowerCase(Locale.ROOT) + "): "
                        + b.reason() + ".");
            }
        }
        GlobalFidelity g = r.global();
        if (g != null && g.agreement() < LOW_AGREEMENT) {
            items.add("The product K = K_m⋯K_1 agrees with the network's prediction on only "
                    + Numbers.percent(g.agreement()) + " of " + g.samples() + " held-out samples"
                    + (g.networkAccuracy() != null ? " (" + accuracies(g) + ")" : "")
                    + ": as a whole the linear model does not stand in for the network, and the feature weights do"
                    + " not explain its decisions.");
        }
        return items;
    }

    private static Table creditTable(CreditResult r, String sharedNote) {
        List<Column> columns = new ArrayList<>(List.of(Column.txt("block", null),
                Column.txt("layers (ops)", "the layers inside the block and their ONNX operators"),
                Column.txt("shape in → out", "one sample, without the batch axis"), Column.num("nIn", "input width"),
                Column.num("nOut", "output width"), Column.txt("kind", "S2L: nIn < nOut; L2S: nIn > nOut; E2E: equal"),
                Column.num("params", "trainable parameters"), Column.txt("status", null),
                Column.num("log credit", "log |det K_i|: the log pseudo-determinant; higher = more credit"),
                Column.num("per dim", "log credit / rank"), Column.num("rank", "singular values in the pseudo-determinant"),
                Column.num("credit rank", "1 = the most credit")));
        if (sharedNote == null) {
            columns.add(Column.txt("log sensitivity",
                    "Theorem 5: log |det ∂K/∂K_i|, defined only for square operators of one order"));
        }
        List<List<Cell>> rows = new ArrayList<>();
        for (BlockResult b : r.blocks()) {
            Block block = b.block();
            String status = b.status().name().toLowerCase(Locale.ROOT);
            List<Cell> row = new ArrayList<>(List.of(Cell.name(b.name()), Cell.text(layers(block)),
                    new Cell(block.inputShape() + " → " + block.outputShape(), "mono", null, null, null, null),
                    Cell.num(Integer.toString(block.nIn())), Cell.num(Integer.toString(block.nOut())),
                    Cell.text(block.kind().name()), Cell.num(Long.toString(block.params())),
                    new Cell(status, null, null, "badge " + status, b.reason(), null),
                    Cell.num(b.credit() == null ? null : b.credit().logCredit()),
                    Cell.num(b.credit() == null ? null : b.credit().logCreditPerDim()),
                    Cell.num(b.credit() == null ? "0" : Integer.toString(b.credit().rank())),
                    b.creditRank() == null ? Cell.missing() : Cell.num("#" + b.creditRank())));
            if (sharedNote == null) {
                row.add(b.sensitivity().logSensitivity() != null ? Cell.num(b.sensitivity().logSensitivity())
                        : new Cell(b.sensitivity().note(), null, null, "na", null, null));
            }
            rows.add(row);
        }
        return new Table(columns, rows);
    }

    /** @return the sensitivity note when every block has the same note and none has a value, else null */
    private static String sharedSensitivityNote(CreditResult r) {
        String note = r.blocks().get(0).sensitivity().note();
        for (BlockResult b : r.blocks()) {
            if (note == null || !note.equals(b.sensitivity().note())) {
                return null;
            }
        }
        return note;
    }

    private static Table diagnosticsTable(CreditResult r) {
        boolean residuals = r.blocks().stream().anyMatch(b -> b.alignmentResidual() != null);
        List<Column> columns = new ArrayList<>(List.of(Column.txt("block", null),
                Column.num("steps", "embedding steps per trajectory (1: one-step)"),
                Column.num("trials", "independent alignments averaged"),
                Column.num("snapshot rank", "median over trials (min–max) of the snapshot rank kept by the rank policy"),
                Column.num("pairs", "snapshot pairs per trial: nominal / distinct"),
                Column.num("snapshot cond.", "median σ_1/σ_r of the kept snapshot singular values"),
                Column.num("operator rank", "non-zero singular values of the mean K_i")));
        if (residuals) {
            columns.add(Column.num("alignment residual", "‖BA − I‖_F of the first trial (Theorem 4)"));
        }
        columns.addAll(List.of(Column.num("fidelity", "median relative held-out error: 0 = perfect, 1 = no better than zero"),
                Column.num("fidelity p90", "90th percentile of the relative held-out error"),
                Column.num("held-out", "samples measured (skipped: zero output)")));
        List<List<Cell>> rows = new ArrayList<>();
        for (BlockResult b : r.blocks()) {
            List<Cell> row = new ArrayList<>(List.of(Cell.name(b.name()), Cell.num(Integer.toString(b.steps())),
                    Cell.num(Integer.toString(b.trials())),
                    Cell.num(b.snapshotRankMin() == b.snapshotRankMax() ? Integer.toString(b.snapshotRank())
                            : b.snapshotRank() + " (" + b.snapshotRankMin() + "–" + b.snapshotRankMax() + ")"),
                    Cell.num(b.nominalPairs() + " / " + b.distinctPairs()), Cell.num(b.snapshotCondition()),
                    Cell.num(Integer.toString(b.operatorRank()))));
            if (residuals) {
                row.add(Cell.num(b.alignmentResidual()));
            }
            Fidelity f = b.fidelity();
            if (f == null) {
                row.addAll(List.of(Cell.missing(), Cell.missing(), Cell.missing()));
            } else {
                boolean bad = untrusted(f);
                row.add(new Cell(Numbers.format(f.median()) + (bad ? " ⚠" : ""), bad ? "num bad" : "num",
                        bad ? "worse than predicting zero: this block's credit is not trustworthy" : null, null, null,
                        null));
                row.add(Cell.num(f.p90()));
                row.add(Cell.num(f.samples() + (f.skipped() > 0 ? " (" + f.skipped() + " skipped)" : "")));
            }
            rows.add(row);
        }
        return new Table(columns, rows);
    }

    /** @return what the iterated trajectories did, or null for the one-step estimator, which has none */
    private static Table trajectories(CreditResult r) {
        if (r.blocks().stream().allMatch(b -> b.embedding() == null)) {
            return null;
        }
        List<Column> columns = List.of(Column.txt("block", null), Column.num("trajectories", "over all trials"),
                Column.num("cycled", "trajectories that reached a fixed point or cycle"),
                Column.num("median cycle step", "median step at which trajectories started repeating"),
                Column.num("max period", "longest cycle seen (1: fixed point)"),
                Column.num("stopped", "trajectories cut because they left the finite range (first cut step)"),
                Column.num("block evaluations", "steps actually computed, over all trials"),
                Column.num("‖y‖ first → last", "mean state norm at the first and the last step"));
        List<List<Cell>> rows = new ArrayList<>();
        for (BlockResult b : r.blocks()) {
            List<Cell> row = new ArrayList<>(List.of(Cell.name(b.name())));
            EmbeddingSummary e = b.embedding();
            if (e == null) {
                for (int i = 0; i < columns.size() - 1; i++) {
                    row.add(Cell.missing());
                }
            } else {
                row.add(Cell.num(Integer.toString(e.trajectories())));
                row.add(Cell.num(Integer.toString(e.cycled())));
                row.add(e.medianCycleStep() >= 0 ? Cell.num(e.medianCycleStep() + " of " + e.steps()) : Cell.missing());
                row.add(e.maxPeriod() > 0 ? Cell.num(Integer.toString(e.maxPeriod())) : Cell.missing());
                row.add(Cell.num(e.stopped() + (e.firstStopStep() >= 0 ? " (step " + e.firstStopStep() + ")" : "")));
                row.add(Cell.num(Long.toString(e.computedSteps())));
                row.add(Double.isFinite(e.meanNormFirst()) && Double.isFinite(e.meanNormLast())
                        ? Cell.num(Numbers.format(e.meanNormFirst()) + " → " + Numbers.format(e.meanNormLast()))
                        : Cell.missing());
            }
            rows.add(row);
        }
        return new Table(columns, rows);
    }

    private static Table kernelTable(BlockResult b) {
        List<Column> columns = List.of(Column.num("channel", "output channel (kernel), from 0"),
                Column.num("log credit", "log pseudo-determinant of the rows of K_i producing this channel"),
                Column.num("rank", "singular values in it"), Column.num("per dim", "log credit / rank"));
        List<List<Cell>> rows = new ArrayList<>();
        for (KernelCredit k : b.kernels()) {
            rows.add(List.of(Cell.num(Integer.toString(k.channel())), Cell.num(k.logCredit()),
                    Cell.num(Integer.toString(k.rank())), Cell.num(k.logCredit() == null ? null : k.logCredit() / k.rank())));
        }
        return new Table(columns, rows);
    }

    private static String featureText(FeatureWeights fw, int[] drawn, SectionFiles files, PageOptions options) {
        SpatialLayout layout = SpatialLayout.of(fw.inputShape());
        double limit = fw.limit();
        String which = drawn.length == fw.classes() ? "each class c" : CreditCharts.classesNote(drawn,
                fw.classes()).substring(2) + " (the report's class maps; "
                + (options.linkedFormats().isEmpty() ? "feature-weights.npy, written with the JSON or CSV files,"
                        : files.featureWeightsNpy()) + " holds every class)";
        int f = CreditCharts.pageReduction(layout);
        String cells = f > 1 ? "at reduced resolution on this page (each square the mean of " + f + " × " + f
                + " values; the PNG file has one pixel per value)"
                : !CreditCharts.hoverValues(layout) ? "(one square per input value)"
                : "(one square per input value; hover for its value)";
        return "Left: row c of K = K_m⋯K_1 for " + which + ", the input shape " + Arrays.toString(fw.inputShape())
                + " drawn as " + layout.rows() + " × " + layout.cols() + " " + cells + ". Colours: blue < 0 < red,"
                + " white = 0, on one symmetric scale for all classes with limits"
                + " ±max|K| = ±" + Numbers.format(limit) + ". Right: the per-sample view of Fig. 4(b), each held-out"
                + " example next to its values times the weights of the class the network predicts (caption: label,"
                + " network and operator predictions; red when K disagrees with the network).";
    }

    private static List<Row> global(GlobalFidelity g) {
        if (g == null) {
            return null;
        }
        return List.of(new Row("held-out samples", Integer.toString(g.samples())),
                new Row("argmax K·x agrees with the network", Numbers.percent(g.agreement())),
                new Row("accuracy of K (argmax K·x vs label)",
                        g.operatorAccuracy() == null ? "n/a (no labels)" : Numbers.percent(g.operatorAccuracy())),
                new Row("accuracy of the network",
                        g.networkAccuracy() == null ? "n/a (no labels)" : Numbers.percent(g.networkAccuracy())),
                new Row("median relative error ‖K·x − N(x)‖ / ‖N(x)‖", Numbers.formatOrMissing(g.medianRelativeError())));
    }

    private static List<String> dataFiles(CreditResult r, SectionFiles files, PageOptions options) {
        List<String> names = new ArrayList<>();
        if (options.linkedFormats().contains(ReportFormat.JSON)) {
            names.add(files.creditJson());
        }
        if (options.linkedFormats().contains(ReportFormat.CSV)) {
            names.add(files.creditsCsv());
            if (r.featureWeights() != null && r.featureWeights().inline()) {
                names.add(files.featureWeightsCsv());
            }
        }
        if (!options.linkedFormats().isEmpty() && r.featureWeights() != null) {
            names.add(files.featureWeightsNpy());
        }
        return names;
    }

    private static List<Row> provenance(CreditResult r, Provenance p) {
        ModelInfo m = r.model();
        AnalysisOptions o = r.options();
        StringJoiner excluded = new StringJoiner(", ");
        for (Layer l : r.partition().excluded()) {
            excluded.add(l.name() + " (" + String.join(", ", l.ops()) + ")");
        }
        List<Row> rows = new ArrayList<>(List.of(new Row("tool", p.tool() + " " + p.version()),
                new Row("model file", m.path().toString()),
                new Row("model SHA-256", m.sha256()),
                new Row("producer", m.producer().isEmpty() ? "(not recorded)" : m.producer()),
                new Row("opset", Long.toString(m.opset())),
                new Row("input → output shape", m.inputShape() + " → " + m.outputShape()),
                new Row("preprocessing declared by the model", m.preprocessing().orElse("(none)")),
                new Row("data", r.data() == null ? "(not recorded)" : r.data()),
                new Row("preprocessing applied", p.preprocessing()),
                new Row("estimator", o.kind().spec() + ": " + o.kind().description()),
                new Row("fitting samples", Integer.toString(o.samples())),
                new Row("held-out samples", Integer.toString(o.holdout())),
                new Row("trials", Integer.toString(o.trials())),
                new Row("seed", Long.toString(o.seed())), new Row("rank policy", o.rank().spec())));
        if (o.estimator() instanceof Estimator.Faithful f) {
            rows.add(new Row("alignment distribution", f.alignment().spec()));
            rows.add(new Row("embedding steps", f.steps() == 0 ? "2d (the paper's)" : Integer.toString(f.steps())));
            rows.add(new Row("evaluation precision", f.precision().spec()));
            rows.add(new Row("shortcut cycles", Boolean.toString(f.shortcutCycles())));
        } else if (o.estimator() instanceof Estimator.OneStep s) {
            rows.add(new Row("affine", Boolean.toString(s.affine())));
        } else if (o.estimator() instanceof Estimator.Pca pca) {
            rows.add(new Row("principal components", Integer.toString(pca.components())));
        }
        rows.add(new Row("credit tolerance", o.creditTolerance().spec()));
        rows.add(new Row("blocks", o.blocks() == null ? "one per layer" : o.blocks()));
        rows.add(new Row("keep softmax", Boolean.toString(o.keepSoftmax())));
        rows.add(new Row("excluded from credit", excluded.length() == 0 ? "(none)" : excluded.toString()));
        return rows;
    }

    private static HtmlModel.Timings timings(CreditResult r) {
        io.koopcredit.credit.Timings t = r.timings();
        String summary = String.format(Locale.ROOT, "total %s, network passes %s, estimation %s, global %s; %d worker"
                        + " thread%s (results do not depend on the thread count)", seconds(t.total()),
                seconds(t.activations()), seconds(t.estimation()), seconds(t.global()), t.threads(),
                t.threads() == 1 ? "" : "s");
        List<Column> columns = List.of(Column.txt("block", null),
                Column.num("embedding", "producing snapshots, summed over trials"),
                Column.num("DMD", "DMD and K_i = B·K̃, summed over trials"),
                Column.num("credit", "averaging, credit, kernel credits"), Column.num("fidelity", "held-out fidelity"));
        List<List<Cell>> rows = new ArrayList<>();
        for (BlockTimings b : t.blocks()) {
            rows.add(List.of(Cell.name(b.name()), Cell.num(seconds(b.embedding())), Cell.num(seconds(b.dmd())),
                    Cell.num(seconds(b.credit())), Cell.num(seconds(b.fidelity()))));
        }
        return new HtmlModel.Timings(summary, new Table(columns, rows));
    }

    /**
     * @param f a fidelity or null
     * @return true if it is measured and above 1
     */
    static boolean untrusted(Fidelity f) {
        return f != null && f.median() > NO_BETTER_THAN_ZERO;
    }

    private static String accuracies(GlobalFidelity g) {
        if (g.networkAccuracy() == null || g.operatorAccuracy() == null) {
            return "on " + g.samples() + " held-out samples";
        }
        return "accuracy " + Numbers.percent(g.operatorAccuracy()) + " vs network " + Numbers.percent(g.networkAccuracy());
    }

    private static double[] fidelities(CreditResult r) {
        return r.blocks().stream().filter(b -> b.fidelity() != null).mapToDouble(b -> b.fidelity().median()).toArray();
    }

    private static String layers(Block block) {
        StringJoiner j = new StringJoiner(", ");
        for (Layer l : block.layers()) {
            j.add(l.name() + " (" + String.join(", ", l.ops()) + ")");
        }
        return j.toString();
    }

    private static String seconds(double s) {
        return Double.isFinite(s) ? String.format(Locale.ROOT, "%.2f s", s) : "n/a";
    }
}
