package io.koopcredit.cli;

import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.GlobalFidelity;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The human-readable summary of a credit analysis. */
final class CreditTable {
    private CreditTable() {
    }

    static void print(CreditResult r, PrintWriter out) {
        out.printf(Locale.ROOT, "model %s (sha256 %s...)%n", r.model().path(), r.model().sha256().substring(0, 12));
        out.printf(Locale.ROOT, "estimator %s: %s%n", r.options().kind().spec(),
                r.options().kind().description());
        out.printf(Locale.ROOT, "samples %d, trials %d, seed %d, rank %s, data %s%n", r.options().samples(),
                r.options().trials(), r.options().seed(), r.options().rank().spec(), r.data());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"block", "kind", "nIn->nOut", "steps", "logCredit", "perDim", "rank", "creditRank",
            "snapRank", "snapCond", "fidelity", "eval", "status"});
        for (BlockResult b : r.blocks()) {
            rows.add(new String[] {
                b.name(), b.block().kind().name(), b.block().nIn() + "->" + b.block().nOut(), Integer.toString(b.steps()),
                b.credit() == null ? "-" : fmt(b.credit().logCredit()),
                b.credit() == null ? "-" : fmt(b.credit().logCreditPerDim()),
                b.credit() == null ? "0" : Integer.toString(b.credit().rank()),
                b.creditRank() == null ? "-" : Integer.toString(b.creditRank()),
                b.snapshotRankMin() == b.snapshotRankMax() ? Integer.toString(b.snapshotRank())
                        : b.snapshotRank() + " (" + b.snapshotRankMin() + "-" + b.snapshotRankMax() + ")",
                b.snapshotCondition() == null ? "-" : String.format(Locale.ROOT, "%.2g", b.snapshotCondition()),
                b.fidelity() == null ? "-" : String.format(Locale.ROOT, "%.3f", b.fidelity().median()),
                b.numerics().precision().spec(),
                b.status().name().toLowerCase(Locale.ROOT) + (b.reason() == null ? "" : ": " + b.reason())});
        }
        printAligned(rows, out);
        for (BlockResult b : r.blocks()) {
            if (b.numerics().note() != null) {
                out.println("note: block " + b.name() + " was evaluated in " + b.numerics().precision().spec() + ": "
                        + b.numerics().note());
            }
            if (b.numerics().keptBelowNoise() > 0) {
                out.println("warning: block " + b.name() + ": the rank policy " + r.options().rank().spec() + " kept "
                        + b.numerics().keptBelowNoise() + " singular value(s) of the snapshot matrix at or below its "
                        + b.numerics().precision().spec() + " noise floor; the operator rests partly on rounding");
            }
        }
        BlockResult first = r.blocks().get(0);
        if (first.sensitivity().note() != null) {
            out.println("block sensitivity: " + first.sensitivity().note());
        }
        GlobalFidelity g = r.global();
        if (g != null) {
            out.printf(Locale.ROOT, "product K = K_m...K_1 on %d held-out samples: agrees with the network on %.1f%%",
                    g.samples(), 100 * g.agreement());
            if (g.networkAccuracy() != null) {
                out.printf(Locale.ROOT, ", accuracy %.1f%% (network %.1f%%)", 100 * g.operatorAccuracy(),
                        100 * g.networkAccuracy());
            }
            out.println();
        }
        if (!r.partition().excluded().isEmpty()) {
            out.println("excluded from credit: " + String.join(", ",
                    r.partition().excluded().stream().map(l -> l.name()).toList()));
        }
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    static void printAligned(List<String[]> rows, PrintWriter out) {
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] row : rows) {
            for (int c = 0; c < cols; c++) {
                w[c] = Math.max(w[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                sb.append(c == cols - 1 ? row[c] : String.format("%-" + w[c] + "s  ", row[c]));
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
