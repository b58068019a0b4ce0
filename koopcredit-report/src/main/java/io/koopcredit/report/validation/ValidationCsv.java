package io.koopcredit.report.validation;

import io.koopcredit.report.Csv;
import io.koopcredit.validation.ValidationResult;
import io.koopcredit.validation.lesion.Damage;
import io.koopcredit.validation.lesion.Importance;
import io.koopcredit.validation.lesion.KernelLesion;
import io.koopcredit.validation.lesion.LesionResult;
import io.koopcredit.validation.lesion.UnitLesion;
import io.koopcredit.validation.pruning.PruningCurve;
import io.koopcredit.validation.pruning.PruningPoint;
import io.koopcredit.validation.pruning.PruningResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes {@code lesions.csv} (one row per unit lesion and per kernel lesion) and {@code pruning.csv} (one row
 * per point of every pruning curve): the numbers of {@code validation.json} in a form spreadsheets and
 * plotting scripts read. Empty cells stand for undefined values; numbers use Java's shortest round-trip form.
 */
public final class ValidationCsv {
    /** File name of the lesion table. */
    public static final String LESIONS_FILE = "lesions.csv";

    /** File name of the pruning table. */
    public static final String PRUNING_FILE = "pruning.csv";

    /** Header of lesions.csv. */
    public static final String LESIONS_HEADER = "target,block,layer,channel,logCredit,l1Norm,activation,score,"
            + "scoreDrop,outputChange";

    /** Header of pruning.csv. */
    public static final String PRUNING_HEADER = "scope,criterion,fraction,pruned,score,scoreSd,scoreDrop,outputChange";

    private ValidationCsv() {
    }

    /**
     * @param r the validation
     * @return the CSV files it has data for, by file name, in a fixed order: {@link #LESIONS_FILE} when
     *     something was lesioned, {@link #PRUNING_FILE} when pruning ran
     */
    public static Map<String, String> files(ValidationResult r) {
        Map<String, String> out = new LinkedHashMap<>();
        LesionResult l = r.lesions();
        if (l != null && !(l.units().isEmpty() && l.kernels().isEmpty())) {
            out.put(LESIONS_FILE, lesions(l));
        }
        if (r.pruning() != null) {
            out.put(PRUNING_FILE, pruning(r.pruning()));
        }
        return out;
    }

    /**
     * @param r the lesion studies
     * @return lesions.csv: a {@code unit} row per unit lesion (layer and channel empty), then a {@code kernel}
     *     row per kernel lesion
     */
    public static String lesions(LesionResult r) {
        StringBuilder sb = new StringBuilder(LESIONS_HEADER).append('\n');
        for (UnitLesion u : r.units()) {
            sb.append(row("unit", u.block(), null, null, u.importance(), u.damage()));
        }
        for (KernelLesion k : r.kernels()) {
            sb.append(row("kernel", k.block(), k.layer(), k.channel(), k.importance(), k.damage()));
        }
        return sb.toString();
    }

    /**
     * @param r the pruning check
     * @return pruning.csv: per scope and criterion, a row per fraction (random: the mean over the random
     *     prunings, and their standard deviation)
     */
    public static String pruning(PruningResult r) {
        StringBuilder sb = new StringBuilder(PRUNING_HEADER).append('\n');
        for (PruningCurve c : r.curves()) {
            for (PruningPoint p : c.points()) {
                sb.append(Csv.row(c.scope().spec(), c.criterion().spec(), p.fraction(), p.pruned(), p.score(),
                        p.scoreSd(), p.scoreDrop(), p.outputChange()));
            }
        }
        return sb.toString();
    }

    private static String row(String target, String block, String layer, Integer channel, Importance i, Damage d) {
        return Csv.row(target, block, layer, channel, i.logCredit(), i.weightL1(), i.activation(), d.score(),
                d.scoreDrop(), d.outputChange());
    }
}
