package io.koopcredit.report.validation;

import io.koopcredit.report.PageAppendix.Heading;
import io.koopcredit.report.PageAppendix.Paragraph;
import io.koopcredit.report.PageAppendix.Part;
import io.koopcredit.report.PageAppendix.Table;
import io.koopcredit.report.PageAppendix;
import io.koopcredit.validation.ValidationResult;
import io.koopcredit.validation.ablation.AblationResult;
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
        parts.add(new Paragraph("Three checks of whether the credits above mean something. Ablation: replace each "
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
        return new PageAppendix(ID, "Validation", parts);
    }

    private static Table table(String caption, List<String[]> rows) {
        return new Table(caption, Arrays.asList(rows.get(0)),
                rows.subList(1, rows.size()).stream().map(Arrays::asList).toList());
    }
}
