package io.koopcredit.report.validation;

import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.validation.ValidationResult;
import io.koopcredit.validation.ablation.AblationAgreement;
import io.koopcredit.validation.ablation.AblationResult;
import io.koopcredit.validation.ablation.BlockAblation;
import io.koopcredit.validation.randomization.RandomizationResult;
import io.koopcredit.validation.randomization.RandomizationStep;
import io.koopcredit.validation.stability.BlockStability;
import io.koopcredit.validation.stability.SamplePoint;
import io.koopcredit.validation.stability.SampleSweep;
import io.koopcredit.validation.stability.SeedStability;
import io.koopcredit.validation.stability.StabilityResult;
import io.koopcredit.validation.stability.TrialPoint;
import io.koopcredit.validation.stability.TrialSweep;
import io.koopcredit.validation.stats.RankCorrelation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The human-readable summary of a validation, as lines of text (the command line prints them): one row per
 * block, then the headline of each check.
 */
public final class ValidationSummary {
    private ValidationSummary() {
    }

    /**
     * @param r the validation; not modified
     * @return the summary lines, without line terminators
     */
    public static List<String> lines(ValidationResult r) {
        CreditResult a = r.analysis();
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "model %s (sha256 %s...), estimator %s, N %d, T %d, seed %d%s",
                a.model().path(), a.model().sha256().substring(0, 12), a.options().kind().spec(),
                a.options().samples(), a.options().trials(), a.options().seed(),
                r.options().quick() ? " (--quick)" : ""));
        out.addAll(blockTable(r));
        out.add("");
        out.addAll(ablation(r.ablation()));
        out.add("");
        out.addAll(randomization(r.randomization()));
        out.add("");
        out.addAll(stability(r.stability()));
        out.add(String.format(Locale.ROOT, "time %.1f s: analysis %.1f, ablation %.1f, randomization %.1f, seeds %.1f,"
                + " N sweep %.1f (%d threads)", r.timings().total(), r.timings().analysis(), r.timings().ablation(),
                r.timings().randomization(), r.timings().seeds(), r.timings().samples(), r.timings().threads()));
        return out;
    }

    private static List<String> blockTable(ValidationResult r) {
        return aligned(blockRows(r));
    }

    /** @return the per-block table, header first (credit, ablation damages, seed spread, bootstrap) */
    static List<String[]> blockRows(ValidationResult r) {
        List<String[]> rows = new ArrayList<>();
        String score = r.ablation().scoreKind().spec();
        rows.add(new String[] {"block", "logCredit", "rank", "knockout d" + score, "knockout dOut",
            "linearize d" + score, "linearize dOut", "seeds mean+-std", "bootstrap 95%"});
        SeedStability seeds = r.stability().seeds();
        for (int i = 0; i < r.analysis().blocks().size(); i++) {
            BlockResult b = r.analysis().blocks().get(i);
            BlockAblation k = r.ablation().knockout().get(i);
            BlockAblation l = r.ablation().linearize().get(i);
            BlockStability s = seeds == null ? null : seeds.blocks().get(i);
            rows.add(new String[] {
                b.name(),
                b.credit() == null ? "-" : fmt(b.credit().logCredit()),
                b.creditRank() == null ? "-" : Integer.toString(b.creditRank()),
                fmt(k.scoreDrop()), fmt(k.outputChange()), fmt(l.scoreDrop()), fmt(l.outputChange()),
                s == null || s.mean() == null ? "-" : fmt(s.mean()) + " +- " + (s.std() == null ? "-" : fmt(s.std())),
                s == null || s.bootstrap() == null ? "-"
                        : "[" + fmt(s.bootstrap().lower()) + ", " + fmt(s.bootstrap().upper()) + "]"});
        }
        return rows;
    }

    private static List<String> ablation(AblationResult r) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "ablation on %d held-out samples (baseline %s %.4f): rank agreement of "
                + "log credit with damage", r.samples(), r.scoreKind().spec(), r.baselineScore()));
        out.addAll(indent(aligned(ablationRows(r))));
        if (r.note() != null) {
            out.add("  note: " + r.note());
        }
        r.agreements().stream().flatMap(g -> g.excluded().stream()).map(e -> "  excluded " + e.block() + ": "
                + e.reason()).distinct().forEach(out::add);
        return out;
    }

    /** @return the rank agreement of credit with each ablation's damage, header first */
    static List<String[]> ablationRows(AblationResult r) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ablation", "damage", "spearman", "kendall", "blocks", "spread",
            "meaning of positive"});
        for (AblationAgreement g : r.agreements()) {
            RankCorrelation c = g.correlation();
            rows.add(new String[] {g.kind().spec(), g.measure().spec(), fmt(c.spearman()), fmt(c.kendall()),
                Integer.toString(c.items()), fmt(g.damageSpread()), c.note() != null ? "undefined: " + c.note()
                        : g.kind().direction()});
        }
        return rows;
    }

    /** @return one row per cascade step, header first */
    static List<String[]> randomizationRows(RandomizationResult r) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"step", "re-randomized", "credits", "rank rho", "maps mean|r|", "why"});
        for (RandomizationStep s : r.steps()) {
            rows.add(new String[] {Integer.toString(s.step()), String.join("+", s.layers()), s.credits().name(),
                fmt(s.ranking().spearman()), s.maps() == null ? "-" : fmt(s.maps().meanAbsPearson()),
                String.join("; ", s.creditReasons())});
        }
        return rows;
    }

    private static List<String> randomization(RandomizationResult r) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "randomization (cascade top-down over %s): credits %s, maps %s",
                String.join(", ", r.cascade()), r.credits(), r.maps()));
        if (r.note() != null) {
            out.add("  " + r.note());
            return out;
        }
        out.addAll(indent(aligned(randomizationRows(r))));
        return out;
    }

    /** @return the stability check as sentences (seeds, T sweep, trials needed, bootstrap, N sweep) */
    static List<String> stability(StabilityResult r) {
        List<String> out = new ArrayList<>();
        SeedStability s = r.seeds();
        if (s == null) {
            out.add("seeds and T: " + r.seedsNote());
        } else {
            out.add(String.format(Locale.ROOT, "seeds %d..%d (T %d): pairwise Kendall tau mean %s, min %s over %d pairs;"
                    + " first seed reproduces the analysis to %s", s.seeds().get(0), s.seeds().get(s.seeds().size() - 1),
                    s.trials(), fmt(s.meanPairwiseTau()), fmt(s.minPairwiseTau()), s.definedPairs(),
                    fmt(s.reproductionError())));
            TrialSweep t = r.trials();
            StringBuilder sb = new StringBuilder("T sweep (min/mean tau vs the T=" + s.trials() + " ranking across "
                    + "seeds):");
            for (TrialPoint p : t.points()) {
                sb.append(String.format(Locale.ROOT, " T=%d %s/%s", p.trials(), fmt(p.minTau()), fmt(p.meanTau())));
            }
            out.add(sb.toString());
            out.add("trials needed for a stable ranking: " + (t.trialsNeeded() == null ? "-" : t.trialsNeeded()) + " ("
                    + t.note() + ")");
            out.add("ranking of all " + s.seeds().size() + " x " + s.trials() + " trials pooled vs the T=" + s.trials()
                    + " ranking: Kendall tau " + fmt(t.pooledVsReference().kendall()));
            long outside = s.blocks().stream().filter(b -> b.bootstrap() != null && !b.bootstrap().coversEstimate())
                    .count();
            if (outside > 0) {
                out.add("bootstrap: " + outside + " of " + s.blocks().size() + " intervals miss the run's own credit (the"
                        + " credit drifts with the number of distinct trials averaged)");
            }
        }
        SampleSweep n = r.samples();
        if (n == null) {
            out.add("N sweep: " + r.samplesNote());
        } else {
            StringBuilder sb = new StringBuilder("N sweep (tau vs N=" + n.analysisSamples() + "):");
            for (SamplePoint p : n.points()) {
                sb.append(String.format(Locale.ROOT, " N=%d %s", p.samples(), fmt(p.vsAnalysis().kendall())));
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static List<String> indent(List<String> lines) {
        return lines.stream().map(l -> "  " + l).toList();
    }

    private static String fmt(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.4g", v);
    }

    private static List<String> aligned(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] row : rows) {
            for (int c = 0; c < cols; c++) {
                w[c] = Math.max(w[c], row[c].length());
            }
        }
        List<String> out = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                sb.append(c == cols - 1 ? row[c] : String.format(Locale.ROOT, "%-" + w[c] + "s  ", row[c]));
            }
            out.add(sb.toString().stripTrailing());
        }
        return out;
    }
}
