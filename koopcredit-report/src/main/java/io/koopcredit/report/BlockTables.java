package io.koopcredit.report;

import static io.koopcredit.report.Cells.num;
import static io.koopcredit.report.Cells.txt;

import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.EmbeddingSummary;
import io.koopcredit.credit.Fidelity;
import io.koopcredit.credit.KernelCredit;
import io.koopcredit.model.Block;
import io.koopcredit.model.Layer;
import io.koopcredit.report.chart.Numbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The per-block tables of a section: what each block is and its credit; how far its estimate can be
 * trusted (snapshots, fidelity, what the embedded trajectories did); and the kernel credits of a
 * convolution block.
 */
final class BlockTables {
    /** Fidelity above this is worse than predicting zero (the relative error of the zero prediction). */
    static final double NO_BETTER_THAN_ZERO = 1.0;

    private BlockTables() {
    }

    /**
     * @param h where the table goes
     * @param r the analysis
     */
    static void credit(Html h, CreditResult r) {
        String sharedNote = sharedSensitivityNote(r);
        h.open("div", "class", "table-wrap").open("table").nl();
        List<Cells.Column> columns = new ArrayList<>(List.of(txt("block", null),
                txt("layers (ops)", "the layers inside the block and their ONNX operators"),
                txt("shape in → out", "one sample, without the batch axis"), num("nIn", "input width"),
                num("nOut", "output width"), txt("kind", "S2L: nIn < nOut; L2S: nIn > nOut; E2E: equal"),
                num("params", "trainable parameters"), txt("status", null),
                num("log credit", "log |det K_i|: the log pseudo-determinant; higher = more credit"),
                num("per dim", "log credit / rank"), num("rank", "singular values in the pseudo-determinant"),
                num("credit rank", "1 = the most credit")));
        if (sharedNote == null) {
            columns.add(txt("log sensitivity",
                    "Theorem 5: log |det ∂K/∂K_i|, defined only for square operators of one order"));
        }
        Cells.header(h, columns.toArray(Cells.Column[]::new));
        h.open("tbody").nl();
        for (BlockResult b : r.blocks()) {
            Block block = b.block();
            h.open("tr");
            h.element("td", b.name(), "class", "name");
            Cells.text(h, layers(block));
            h.element("td", block.inputShape() + " → " + block.outputShape(), "class", "mono");
            Cells.number(h, Integer.toString(block.nIn()));
            Cells.number(h, Integer.toString(block.nOut()));
            Cells.text(h, block.kind().name());
            Cells.number(h, Long.toString(block.params()));
            status(h, b);
            Cells.number(h, b.credit() == null ? null : b.credit().logCredit());
            Cells.number(h, b.credit() == null ? null : b.credit().logCreditPerDim());
            Cells.number(h, b.credit() == null ? "0" : Integer.toString(b.credit().rank()));
            if (b.creditRank() == null) {
                Cells.missing(h);
            } else {
                Cells.number(h, "#" + b.creditRank());
            }
            if (sharedNote == null) {
                if (b.sensitivity().logSensitivity() != null) {
                    h.element("td", Numbers.format(b.sensitivity().logSensitivity()), "class", "num");
                } else {
                    h.open("td").element("span", b.sensitivity().note(), "class", "na").close("td");
                }
            }
            h.close("tr").nl();
        }
        h.close("tbody").close("table").close("div").nl();
        if (sharedNote != null) {
            h.element("p", "Block sensitivity (Theorem 5, log |det ∂K/∂K_i|) for every block: " + sharedNote + ".")
                    .nl();
        }
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

    /**
     * Snapshots and fidelity: how much the fit saw and how well it predicts held-out outputs.
     *
     * @param h where the table goes
     * @param r the analysis
     */
    static void diagnostics(Html h, CreditResult r) {
        boolean residuals = r.blocks().stream().anyMatch(b -> b.alignmentResidual() != null);
        h.open("div", "class", "table-wrap").open("table").nl();
        List<Cells.Column> columns = new ArrayList<>(List.of(txt("block", null),
                num("steps", "embedding steps per trajectory (1: one-step)"),
                num("trials", "independent alignments averaged"),
                num("snapshot rank", "median over trials (min–max) of the snapshot rank kept by the rank policy"),
                num("pairs", "snapshot pairs per trial: nominal / distinct"),
                num("snapshot cond.", "median σ_1/σ_r of the kept snapshot singular values"),
                num("operator rank", "non-zero singular values of the mean K_i")));
        if (residuals) {
            columns.add(num("alignment residual", "‖BA − I‖_F of the first trial (Theorem 4)"));
        }
        columns.addAll(List.of(num("fidelity", "median relative held-out error: 0 = perfect, 1 = no better than zero"),
                num("fidelity p90", "90th percentile of the relative held-out error"),
                num("held-out", "samples measured (skipped: zero output)")));
        Cells.header(h, columns.toArray(Cells.Column[]::new));
        h.open("tbody").nl();
        for (BlockResult b : r.blocks()) {
            h.open("tr");
            h.element("td", b.name(), "class", "name");
            Cells.number(h, Integer.toString(b.steps()));
            Cells.number(h, Integer.toString(b.trials()));
            Cells.number(h, b.snapshotRankMin() == b.snapshotRankMax() ? Integer.toString(b.snapshotRank())
                    : b.snapshotRank() + " (" + b.snapshotRankMin() + "–" + b.snapshotRankMax() + ")");
            Cells.number(h, b.nominalPairs() + " / " + b.distinctPairs());
            Cells.number(h, b.snapshotCondition());
            Cells.number(h, Integer.toString(b.operatorRank()));
            if (residuals) {
                Cells.number(h, b.alignmentResidual());
            }
            fidelity(h, b.fidelity());
            h.close("tr").nl();
        }
        h.close("tbody").close("table").close("div").nl();
    }

    /**
     * What the iterated (step-delay embedded) trajectories did; nothing is written for the one-step
     * estimator, which has none.
     *
     * @param h where the table goes
     * @param r the analysis
     * @return whether a table was written
     */
    static boolean trajectories(Html h, CreditResult r) {
        if (r.blocks().stream().allMatch(b -> b.embedding() == null)) {
            return false;
        }
        h.open("div", "class", "table-wrap").open("table").nl();
        Cells.header(h, txt("block", null), num("trajectories", "over all trials"),
                num("cycled", "trajectories that reached a fixed point or cycle"),
                num("median cycle step", "median step at which trajectories started repeating"),
                num("max period", "longest cycle seen (1: fixed point)"),
                num("stopped", "trajectories cut because they left the finite range (first cut step)"),
                num("block evaluations", "steps actually computed, over all trials"),
                num("‖y‖ first → last", "mean state norm at the first and the last step"));
        h.open("tbody").nl();
        for (BlockResult b : r.blocks()) {
            h.open("tr");
            h.element("td", b.name(), "class", "name");
            embedding(h, b.embedding());
            h.close("tr").nl();
        }
        h.close("tbody").close("table").close("div").nl();
        return true;
    }

    /**
     * @param h where the table goes
     * @param b a block with kernel credits
     */
    static void kernels(Html h, BlockResult b) {
        h.open("div", "class", "table-wrap").open("table").nl();
        Cells.header(h, num("channel", "output channel (kernel), from 0"),
                num("log credit", "log pseudo-determinant of the rows of K_i producing this channel"),
                num("rank", "singular values in it"), num("per dim", "log credit / rank"));
        h.open("tbody").nl();
        for (KernelCredit k : b.kernels()) {
            h.open("tr");
            Cells.number(h, Integer.toString(k.channel()));
            Cells.number(h, k.logCredit());
            Cells.number(h, Integer.toString(k.rank()));
            Cells.number(h, k.logCredit() == null ? null : k.logCredit() / k.rank());
            h.close("tr").nl();
        }
        h.close("tbody").close("table").close("div").nl();
    }

    /**
     * @param f a fidelity or null
     * @return true if it is measured and above 1
     */
    static boolean untrusted(Fidelity f) {
        return f != null && f.median() > NO_BETTER_THAN_ZERO;
    }

    private static void status(Html h, BlockResult b) {
        String s = b.status().name().toLowerCase(Locale.ROOT);
        h.open("td").element("span", s, "class", "badge " + s);
        if (b.reason() != null) {
            h.element("span", b.reason(), "class", "sub");
        }
        h.close("td");
    }

    private static void fidelity(Html h, Fidelity f) {
        if (f == null) {
            Cells.missing(h);
            Cells.missing(h);
            Cells.missing(h);
            return;
        }
        boolean bad = untrusted(f);
        h.open("td", "class", bad ? "num bad" : "num", "title",
                bad ? "worse than predicting zero: this block's credit is not trustworthy" : null);
        h.text(Numbers.format(f.median()) + (bad ? " ⚠" : "")).close("td");
        Cells.number(h, f.p90());
        Cells.number(h, f.samples() + (f.skipped() > 0 ? " (" + f.skipped() + " skipped)" : ""));
    }

    private static void embedding(Html h, EmbeddingSummary e) {
        if (e == null) {
            for (int i = 0; i < 7; i++) {
                Cells.missing(h);
            }
            return;
        }
        Cells.number(h, Integer.toString(e.trajectories()));
        Cells.number(h, Integer.toString(e.cycled()));
        if (e.medianCycleStep() >= 0) {
            Cells.number(h, e.medianCycleStep() + " of " + e.steps());
        } else {
            Cells.missing(h);
        }
        if (e.maxPeriod() > 0) {
            Cells.number(h, Integer.toString(e.maxPeriod()));
        } else {
            Cells.missing(h);
        }
        Cells.number(h, e.stopped() + (e.firstStopStep() >= 0 ? " (step " + e.firstStopStep() + ")" : ""));
        Cells.number(h, Long.toString(e.computedSteps()));
        if (Double.isFinite(e.meanNormFirst()) && Double.isFinite(e.meanNormLast())) {
            Cells.number(h, Numbers.format(e.meanNormFirst()) + " → " + Numbers.format(e.meanNormLast()));
        } else {
            Cells.missing(h);
        }
    }

    private static String layers(Block block) {
        StringJoiner j = new StringJoiner(", ");
        for (Layer l : block.layers()) {
            j.add(l.name() + " (" + String.join(", ", l.ops()) + ")");
        }
        return j.toString();
    }
}
