package io.koopcredit.report.json;

import com.fasterxml.jackson.annotation.JsonValue;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.koopman.Estimator;

/**
 * The {@code options} object of credit.json and validation.json: every analysis option with defaults
 * filled in, and the preprocessing applied. Alignment, steps and the cycle shortcut belong to the faithful
 * estimator: they are null for the others; the evaluation precision too, and the number of principal
 * components belongs to the PCA estimator.
 *
 * @param estimator estimator spec
 * @param samples fitting samples N
 * @param holdout held-out samples
 * @param trials trials actually run
 * @param seed the seed
 * @param rank rank policy spec
 * @param alignment alignment distribution spec, or null
 * @param steps embedding steps, or null
 * @param affine constant observable
 * @param blocks the block spec, or null for one block per layer
 * @param keepSoftmax whether a trailing Softmax is credited
 * @param shortcutCycles the cycle shortcut, or null
 * @param creditTolerance credit tolerance spec
 * @param precision evaluation precision spec (faithful only), or null
 * @param components principal components k (PCA only), or null
 * @param preprocessing canonical preprocessing spec
 */
public record OptionsView(String estimator, int samples, int holdout, int trials, long seed, String rank,
                          String alignment, Steps steps, boolean affine, String blocks, boolean keepSoftmax,
                          Boolean shortcutCycles, String creditTolerance, String precision, Integer components,
                          String preprocessing) {

    /**
     * @param o the options
     * @param preprocessing the preprocessing applied (canonical spec)
     * @return the view
     */
    public static OptionsView of(AnalysisOptions o, String preprocessing) {
        Estimator.Faithful f = o.estimator() instanceof Estimator.Faithful e ? e : null;
        boolean affine = o.estimator() instanceof Estimator.OneStep s && s.affine();
        Integer components = o.estimator() instanceof Estimator.Pca p ? p.components() : null;
        return new OptionsView(o.kind().spec(), o.samples(), o.holdout(), o.trials(), o.seed(), o.rank().spec(),
                f == null ? null : f.alignment().spec(), f == null ? null : new Steps(f.steps()), affine, o.blocks(),
                o.keepSoftmax(), f == null ? null : f.shortcutCycles(), o.creditTolerance().spec(),
                f == null ? null : f.precision().spec(), components, preprocessing);
    }

    /**
     * Embedding steps per trajectory: {@code "2d"} for the paper's default (0), else the number.
     *
     * @param value the option (0 = 2d)
     */
    public record Steps(int value) {
        /** @return {@code "2d"} or the number */
        @JsonValue
        public Object json() {
            return value == 0 ? "2d" : value;
        }
    }
}
