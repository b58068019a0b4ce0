package io.koopcredit.validation.stability;

import io.koopcredit.validation.stats.RankCorrelation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Credits with N fitting samples (same seed and trials as the analysis).
 *
 * @param samples N
 * @param logCredits each block's log credit, null without credit
 * @param vsAnalysis Spearman's ρ and Kendall's τ-b against the analysis's credits (its N), over the
 *     blocks with a credit in both
 * @param reused true if N is the analysis's own N and its result was reused
 */
public record SamplePoint(int samples, List<Double> logCredits, RankCorrelation vsAnalysis, boolean reused) {
    /**
     * Validates and copies.
     *
     * @param samples the record's {@code samples}
     * @param logCredits the record's {@code logCredits} (copied; not modified)
     * @param vsAnalysis the record's {@code vsAnalysis}
     * @param reused the record's {@code reused}
     */
    public SamplePoint {
        logCredits = Collections.unmodifiableList(new ArrayList<>(logCredits));
        if (samples < 1 || vsAnalysis == null) {
            throw new IllegalArgumentException("a sample point needs N >= 1 and a comparison");
        }
        for (Double v : logCredits) {
            if (v != null && !Double.isFinite(v)) {
                throw new IllegalArgumentException("log credits must be finite, found " + v);
            }
        }
    }
}
