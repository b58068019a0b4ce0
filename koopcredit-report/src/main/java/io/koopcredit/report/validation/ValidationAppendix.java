package io.koopcredit.report.validation;

import io.koopcredit.report.PageAppendix;
import io.koopcredit.report.PageAppendix.Figure;
import io.koopcredit.report.PageAppendix.Files;
import io.koopcredit.report.PageAppendix.Heading;
import io.koopcredit.report.PageAppendix.Paragraph;
import io.koopcredit.report.PageAppendix.Part;
import io.koopcredit.report.PageAppendix.Table;
import io.koopcredit.report.chart.Chart;
import io.koopcredit.report.chart.ValidationCharts;
import io.koopcredit.validation.ValidationResult;
import io.koopcredit.validation.ablation.AblationResult;
import io.koopcredit.validation.lesion.LesionResult;
import io.koopcredit.validation.pruning.PruningResult;
import io.koopcredit.validation.randomization.RandomizationResult;
import io.koopcredit.validation.randomization.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The validation as a section of the HTML report: the same tables and sentences as the text summary
 * ({@link ValidationSummary}), with a short explanation of each check.
 */
public final class ValidationAppendix {
    /** The section's anchor on the page. */
    public static final String ID = "validation";

    private ValidationAppendix() {
    }

    /**
     * @param r the validation; not modified
     * @return the page section
     */
    public static PageAppendix of(ValidationResult r) {
        List<Part> parts = new ArrayList<>();
        parts.add(new Paragraph("Checks of whether the credits above mean something. Ablation: replace each "
                + "block by its linearization or knock it out (its output replaced by its mean) and run the rest of "
                + "the real network; agreement means more credit goes with more damage. Randomization (after Adebayo "
                + "et al., \"Sanity Checks for Saliency Maps\"): re-randomize the weights from the top layer down; "
                + "credits that do not move when the weights are destroyed fail. Stability: the credits and their "
                + "ranking across seeds (random alignments), numbers of trials T and fitting samples N.", false));
        parts.add(table("Per block: credit, ablation damage (score drop and relative output change), spread across "
                + "seeds and the bootstrap interval over trials.", ValidationSummary.blockRows(r)));

        parts.add(new Heading("Ablation agreement"));
        AblationResult a = r.ablation();
        parts.add(new Paragraph(String.format(Locale.ROOT, "On %d held-out samples; baseline %s %.4f; ablation "
                + "statistics from %d fitting samples.", a.samples(), a.scoreKind().spec(), a.baselineScore(),
                a.fitSamples()), false));
        if (a.note() != null) {
            parts.add(new Paragraph(a.note(), true));
        }
        parts.add(table(null, ValidationSummary.ablationRows(a)));

        parts.add(new Heading("Randomization sanity check"));
        RandomizationResult rz = r.randomization();
        boolean failed = rz.credits() == Verdict.FAIL || rz.maps() == Verdict.FAIL;
        parts.add(new Paragraph("Cascade over " + String.join(", ", rz.cascade()) + ": credits " + rz.credits()
                + ", feature maps " + rz.maps() + "." + (rz.credits() == Verdict.FAIL
                ? " The credits do not respond to destroying the weights: they are not evidence about the trained "
                + "network." : ""), failed));
        if (rz.note() != null) {
            parts.add(new Paragraph(rz.note(), false));
        } else {
            parts.add(table(null, ValidationSummary.randomizationRows(rz)));
        }

        parts.add(new Heading("Stability"));
        for (String line : ValidationSummary.stability(r.stability())) {
            parts.add(new Paragraph(line, false));
        }
        lesions(r, parts);
        pruning(r, parts);
        return new PageAppendix(ID, "Validation", parts);
    }

    private static void lesions(ValidationResult r, List<Part> parts) {
        parts.add(new Heading("Lesion studies"));
        LesionResult l = r.lesions();
        if (l == null) {
            parts.add(new Paragraph("Not run: " + r.lesionsNote() + ".", false));
            return;
        }
        parts.add(new Paragraph("Does the credit predict what matters? Each residual unit loses its branch (the block "
                + "computes its shortcut alone, then what follows the join) and, separately, each convolution kernel "
                + "is zeroed (its weights and bias); the real network runs on the held-out samples. Block credits "
                + "should order the unit lesions and kernel credits the kernel lesions by their damage; two criteria "
                + "that need no Koopman operator show what an explanation has to beat: the L1 norm of the weights and "
                + "the mean absolute activation on the fitting samples. Kernel credits rank the channels of the "
                + "convolutions whose channels are their block's output channels; the others are lesioned but left "
                + "out of the agreement.", false));
        parts.add(new Paragraph(ValidationSummary.lesionHeadline(l) + ".", false));
        if (l.units().isEmpty()) {
            parts.add(new Paragraph("Unit lesions: " + l.unitsNote() + ".", false));
        } else {
            parts.add(table("Unit lesions: credit, baselines and damage.", ValidationSummary.unitRows(l)));
        }
        parts.add(new Paragraph(ValidationSummary.kernelSummary(l) + ".", false));
        if (!l.agreements().isEmpty()) {
            parts.add(table("Rank agreement of each criterion with the damage, with 95% bootstrap intervals over the "
                    + "held-out samples; positive: what the criterion ranks higher does more damage. Kernels are "
                    + "ranked across the network (global) and within each convolution (perLayer: the mean of the "
                    + "convolutions' own coefficients), since layers differ in map size and depth.",
                    ValidationSummary.lesionAgreementRows(l)));
        }
        if (ValidationCsv.files(r).containsKey(ValidationCsv.LESIONS_FILE)) {
            parts.add(new Files("Every lesion with its credit, baselines and damage",
                    List.of(ValidationCsv.LESIONS_FILE)));
        }
    }

    private static void pruning(ValidationResult r, List<Part> parts) {
        parts.add(new Heading("Pruning"));
        PruningResult p = r.pruning();
        if (p == null) {
            parts.add(new Paragraph("Not run: " + r.pruningNote() + " (koopcredit validate --pruning).", false));
            return;
        }
        parts.add(new Paragraph("The candidate kernels are ranked by kernel credit, by the L1 norm of their weights "
                + "(Li et al. 2017), by their mean activation, and at random; the lowest fraction is zeroed, without "
                + "fine-tuning, and the network runs on the held-out samples. A useful credit keeps the score higher "
                + "than random pruning. Global: one ranking over all candidates; per layer: the same fraction of each "
                + "convolution.", false));
        parts.add(new Paragraph(ValidationSummary.pruningHeadline(p) + ".", false));
        for (Chart c : ValidationCharts.pruning(p, r.analysis())) {
            parts.add(new Figure(c));
        }
        parts.add(table("Held-out " + p.scoreKind().spec() + " after pruning each fraction (random: mean +- sd).",
                ValidationSummary.pruningRows(p)));
        if (!p.excluded().isEmpty()) {
            parts.add(new Paragraph("Not candidates: " + String.join("; ", p.excluded()) + ".", false));
        }
        parts.add(new Files("Every point of every curve", List.of(ValidationCsv.PRUNING_FILE)));
    }

    private static Table table(String caption, List<String[]> rows) {
        return new Table(caption, Arrays.asList(rows.get(0)),
                rows.subList(1, rows.size()).stream().map(Arrays::asList).toList());
    }
}
