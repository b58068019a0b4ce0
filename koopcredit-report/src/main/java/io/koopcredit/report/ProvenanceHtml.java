package io.koopcredit.report;

import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.BlockTimings;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.Timings;
import io.koopcredit.model.Layer;
import io.koopcredit.model.ModelInfo;
import java.util.Locale;

/**
 * Where a section's numbers came from: tool, model file and hash, data, every option, preprocessing; and,
 * in a separate marked block, the wall-clock timings (the only values that differ between two runs).
 */
final class ProvenanceHtml {
    /** Marks the start of the timings block in the page source, so that tools can strip it. */
    static final String TIMINGS_BEGIN = "<!-- timings: differ between runs -->";
    /** Marks the end of the timings block. */
    static final String TIMINGS_END = "<!-- /timings -->";

    private ProvenanceHtml() {
    }

    /**
     * @param h where the table goes
     * @param r the analysis
     * @param p its provenance
     */
    static void provenance(Html h, CreditResult r, Provenance p) {
        ModelInfo m = r.model();
        AnalysisOptions o = r.options();
        h.open("div", "class", "table-wrap").open("table", "class", "kv").open("tbody").nl();
        row(h, "tool", p.tool() + " " + p.version());
        row(h, "model file", m.path().toString());
        row(h, "model SHA-256", m.sha256());
        row(h, "producer", m.producer().isEmpty() ? "(not recorded)" : m.producer());
        row(h, "opset", Long.toString(m.opset()));
        row(h, "input → output shape", m.inputShape() + " → " + m.outputShape());
        row(h, "preprocessing declared by the model", m.preprocessing().orElse("(none)"));
        row(h, "data", r.data() == null ? "(not recorded)" : r.data());
        row(h, "preprocessing applied", p.preprocessing());
        row(h, "estimator", o.estimator().spec() + ": " + o.estimator().description());
        row(h, "fitting samples", Integer.toString(o.samples()));
        row(h, "held-out samples", Integer.toString(o.holdout()));
        row(h, "trials", Integer.toString(o.effectiveTrials())
                + (o.effectiveTrials() != o.trials() ? " (the estimator is deterministic; the trials option, "
                + o.trials() + ", does not apply)" : ""));
        row(h, "seed", Long.toString(o.seed()));
        row(h, "rank policy", o.rank().spec());
        row(h, "alignment distribution", o.alignment().spec());
        row(h, "embedding steps", o.steps() == 0 ? "2d (the paper's)" : Integer.toString(o.steps()));
        row(h, "affine", Boolean.toString(o.affine()));
        row(h, "blocks", o.blocks() == null ? "one per layer" : o.blocks());
        row(h, "keep softmax", Boolean.toString(o.keepSoftmax()));
        row(h, "shortcut cycles", Boolean.toString(o.shortcutCycles()));
        StringBuilder excluded = new StringBuilder();
        for (Layer l : r.partition().excluded()) {
            excluded.append(excluded.length() == 0 ? "" : ", ").append(l.name()).append(" (")
                    .append(String.join(", ", l.ops())).append(')');
        }
        row(h, "excluded from credit", excluded.length() == 0 ? "(none)" : excluded.toString());
        h.close("tbody").close("table").close("div").nl();
    }

    /**
     * @param h where the block goes
     * @param t the timings
     * @param headingId id of the block's heading
     */
    static void timings(Html h, Timings t, String headingId) {
        h.raw(TIMINGS_BEGIN).nl();
        h.open("div", "class", "timings");
        h.element("h4", "Timings (wall-clock; these differ between runs)", "id", headingId);
        h.open("p").text(String.format(Locale.ROOT,
                "total %s, network passes %s, estimation %s, global %s; %d worker thread%s (results do not depend"
                        + " on the thread count)", seconds(t.total()), seconds(t.activations()),
                seconds(t.estimation()), seconds(t.global()), t.threads(), t.threads() == 1 ? "" : "s")).close("p");
        h.open("div", "class", "table-wrap").open("table").nl();
        Cells.header(h, Cells.txt("block", null), Cells.num("embedding", "producing snapshots, summed over trials"),
                Cells.num("DMD", "DMD and K_i = B·K̃, summed over trials"),
                Cells.num("credit", "averaging, credit, kernel credits"), Cells.num("fidelity", "held-out fidelity"));
        h.open("tbody").nl();
        for (BlockTimings b : t.blocks()) {
            h.open("tr");
            h.element("td", b.name(), "class", "name");
            Cells.number(h, seconds(b.embedding()));
            Cells.number(h, seconds(b.dmd()));
            Cells.number(h, seconds(b.credit()));
            Cells.number(h, seconds(b.fidelity()));
            h.close("tr").nl();
        }
        h.close("tbody").close("table").close("div").close("div").nl();
        h.raw(TIMINGS_END).nl();
    }

    private static void row(Html h, String key, String value) {
        h.open("tr").element("th", key, "scope", "row").element("td", value).close("tr").nl();
    }

    private static String seconds(double s) {
        return Double.isFinite(s) ? String.format(Locale.ROOT, "%.2f s", s) : "n/a";
    }
}
