package io.koopcredit.report.validation;

import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.stats.Statistics;
import io.koopcredit.validation.ValidationResult;
import io.koopcredit.validation.ablation.AblationAgreement;
import io.koopcredit.validation.ablation.AblationResult;
import io.koopcredit.validation.ablation.BlockAblation;
import io.koopcredit.validation.lesion.LesionAgreement;
import io.koopcredit.validation.lesion.LesionResult;
import io.koopcredit.validation.lesion.UnitLesion;
import io.koopcredit.validation.pruning.PruningCurve;
import io.koopcredit.validation.pruning.PruningPoint;
import io.koopcredit.validation.pruning.PruningResult;
import io.koopcredit.validation.randomization.RandomizationResult;
import io.koopcredit.validation.randomization.RandomizationStep;
import io.koopcredit.validation.stability.BlockStability;
import io.koopcredit.validation.stability.SamplePoint;
import io.koopcredit.validation.stability.SampleSweep;
import io.koopcredit.validation.stability.SeedStability;
import io.koopcredit.validation.stability.StabilityResult;
import io.koopcredit.validation.stability.TrialPoint;
import io.koopcredit.validation.stability.TrialSweep;
import io.koopcredit.validation.stats.CorrelationInterval;
import io.koopcredit.validation.stats.RankCorrelation;
import io.koopcredit.validation.stats.RankingScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The human-readable summary of a validation, as lines of text (the command line prints them): one row per
 * block, then the headline of each check, the lesion studies and the pruning curves.
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
        out.add("");
        out.addAll(r.lesions() == null ? List.of("lesions: " + r.lesionsNote()) : lesions(r.lesions()));
        out.add("");
        out.addAll(r.pruning() == null ? List.of("pruning: " + r.pruningNote()) : pruning(r.pruning()));
        out.add(String.format(Locale.ROOT, "time %.1f s: analysis %.1f, ablation %.1f, randomization %.1f, seeds %.1f,"
                + " N sweep %.1f, lesions %.1f, pruning %.1f (%d threads)", r.timings().total(),
                r.timings().analysis(), r.timings().ablation(), r.timings().randomization(), r.timings().seeds(),
                r.timings().samples(), r.timings().lesions(), r.timings().pruning(), r.timings().threads()));
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

    /** @return the lesion studies: the unit table, the kernel summary and the agreements */
    static List<String> lesions(LesionResult r) {
        List<String> out = new ArrayList<>();
        out.add(lesionHeadline(r));
        if (r.units().isEmpty()) {
            out.add("  unit lesions: " + r.unitsNote());
        } else {
            out.addAll(indent(aligned(unitRows(r))));
        }
        out.add("  " + kernelSummary(r));
        if (!r.agreements().isEmpty()) {
            out.add("  agreement with the damage (positive: what the criterion ranks higher does more damage; perLayer:"
                    + " the mean of the coefficients within each convolution):");
            out.addAll(indent(aligned(lesionAgreementRows(r))));
        }
        return out;
    }

    /** @return the lesion studies' first line */
    static String lesionHeadline(LesionResult r) {
        return String.format(Locale.ROOT, "lesions on %d held-out samples (intact %s %.4f); activations on %d fitting"
                + " samples; intervals from %d bootstrap resamples of the held-out samples", r.samples(),
                r.scoreKind().spec(), r.baselineScore(), r.fitSamples(), r.resamples());
    }

    /** @return the kernel lesions in one sentence */
    static String kernelSummary(LesionResult r) {
        if (r.kernels().isEmpty()) {
            return "kernel lesions: " + r.kernelsNote();
        }
        double[] drops = r.kernels().stream().mapToDouble(k -> k.damage().scoreDrop()).sorted().toArray();
        long credited = r.kernels().stream().filter(k -> k.importance().logCredit() != null).count();
        return String.format(Locale.ROOT, "kernel lesions: %d kernels zeroed one at a time (%d with a kernel credit);"
                + " %s drop median %s, 90th percentile %s, max %s", r.kernels().size(), credited, r.scoreKind().spec(),
                fmt(Statistics.median(drops)), fmt(Statistics.quantile(drops, 0.9)), fmt(drops[drops.length - 1]));
    }

    /** @return one row per unit lesion, header first */
    static List<String[]> unitRows(LesionResult r) {
        List<String[]> rows = new ArrayList<>();
        String score = r.scoreKind().spec();
        rows.add(new String[] {"unit", "shortcut", "logCredit", "l1Norm", "activation", "lesioned " + score,
            "d" + score, "dOut"});
        for (UnitLesion u : r.units()) {
            rows.add(new String[] {u.block(), u.shortcut(), fmt(u.importance().logCredit()),
                fmt(u.importance().weightL1()), fmt(u.importance().activation()), fmt(u.damage().score()),
                fmt(u.damage().scoreDrop()), fmt(u.damage().outputChange())});
        }
        return rows;
    }

    /** @return one row per lesion agreement, header first */
    static List<String[]> lesionAgreementRows(LesionResult r) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"lesions", "ranking", "damage", "criterion", "items", "spearman", "95% interval",
            "kendall", "95% interval", "note"});
        for (LesionAgreement a : r.agreements()) {
            RankCorrelation c = a.correlation();
            CorrelationInterval i = a.interval();
            String items = a.scope() == RankingScope.GLOBAL ? Integer.toString(c.items())
                    : c.items() + " in " + a.groups() + " layers";
            rows.add(new String[] {a.target().spec(), a.scope().spec(), a.measure().spec(), a.criterion().spec(),
                items, fmt(c.spearman()), interval(i.spearmanLower(), i.spearmanUpper()),
                fmt(c.kendall()), interval(i.kendallLower(), i.kendallUpper()),
                c.note() != null ? c.note() : i.note() != null ? i.note() : ""});
        }
        return rows;
    }

    /** @return the pruning check: its headline and one row per curve */
    static List<String> pruning(PruningResult r) {
        List<String> out = new ArrayList<>();
        out.add(pruningHeadline(r));
        out.addAll(indent(aligned(pruningRows(r))));
        if (r.withoutCredit() > 0) {
            out.add("  " + r.withoutCredit() + " candidates have no kernel credit and are pruned first by credit");
        }
        return out;
    }

    /** @return the pruning check's first line */
    static String pruningHeadline(PruningResult r) {
        return String.format(Locale.ROOT, "pruning %d candidate kernels of %s without fine-tuning: held-out %s on %d"
                + " samples (unpruned %.4f); random: mean +- sd over %d seeds", r.candidates(),
                String.join(", ", r.layers()), r.scoreKind().spec(), r.samples(), r.baselineScore(), r.randomSeeds());
    }

    /** @return one row per curve (scope, criterion) with the score at each fraction, header first */
    static List<String[]> pruningRows(PruningResult r) {
        List<String[]> rows = new ArrayList<>();
        List<PruningPoint> first = r.curves().get(0).points();
        String[] header = new String[2 + first.size()];
        header[0] = "scope";
        header[1] = "criterion";
        for (int f = 0; f < first.size(); f++) {
            header[2 + f] = String.format(Locale.ROOT, "%.0f%%", 100 * first.get(f).fraction());
        }
        rows.add(header);
        for (PruningCurve c : r.curves()) {
            String[] row = new String[2 + c.points().size()];
            row[0] = c.scope().spec();
            row[1] = c.criterion().spec();
            for (int f = 0; f < c.points().size(); f++) {
                PruningPoint p = c.points().get(f);
                row[2 + f] = String.format(Locale.ROOT, "%.4f", p.score())
                        + (p.scoreSd() == null ? "" : String.format(Locale.ROOT, "+-%.4f", p.scoreSd()));
            }
            rows.add(row);
        }
        return rows;
    }

    private static String interval(Double lo, Double hi) {
        return lo == null ? "-" : "[" + fmt(lo) + ", " + fmt(hi) + "]";
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
