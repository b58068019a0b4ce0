package io.koopcredit.validation.pruning;

import io.koopcredit.validation.stats.Criterion;
import io.koopcredit.validation.stats.RankingScope;
import io.koopcredit.validation.stats.ScoreKind;
import java.util.List;
import java.util.Objects;

/**
 * The pruning check: the candidate kernels ranked by each criterion, the lowest fractions zeroed without
 * fine-tuning, and the held-out score of each pruned network.
 *
 * @param scoreKind accuracy with labels, else agreement with the intact network
 * @param samples held-out samples
 * @param fitSamples fitting samples of the activation criterion
 * @param baselineScore the intact network's score
 * @param layers the convolutions whose kernels are candidates (those a kernel credit ranks)
 * @param candidates candidate kernels
 * @param withoutCredit candidates without a kernel credit (their block has no operator, or their rows of
 *     K_i are zero): the credit ranks them lowest
 * @param excluded convolutions that are not candidates, with the reason
 * @param randomSeeds random prunings per point of the random curves
 * @param curves per scope and criterion
 */
public record PruningResult(ScoreKind scoreKind, int samples, int fitSamples, double baselineScore,
                            List<String> layers, int candidates, int withoutCredit, List<String> excluded,
                            int randomSeeds, List<PruningCurve> curves) {
    /**
     * Validates and copies.
     *
     * @param scoreKind the record's {@code scoreKind}
     * @param samples the record's {@code samples}
     * @param fitSamples the record's {@code fitSamples}
     * @param baselineScore the record's {@code baselineScore}
     * @param layers the record's {@code layers} (copied; not modified)
     * @param candidates the record's {@code candidates}
     * @param withoutCredit the record's {@code withoutCredit}
     * @param excluded the record's {@code excluded} (copied; not modified)
     * @param randomSeeds the record's {@code randomSeeds}
     * @param curves the record's {@code curves} (copied; not modified)
     */
    public PruningResult {
        Objects.requireNonNull(scoreKind, "scoreKind");
        layers = List.copyOf(layers);
        excluded = List.copyOf(excluded);
        curves = List.copyOf(curves);
        if (samples < 1 || fitSamples < 1 || candidates < 1 || withoutCredit < 0 || withoutCredit > candidates
                || randomSeeds < 1 || !(baselineScore >= 0 && baselineScore <= 1) || layers.isEmpty()) {
            throw new IllegalArgumentException("pruning: " + samples + " held-out samples, " + candidates
                    + " candidates, " + withoutCredit + " without credit, " + randomSeeds + " seeds");
        }
    }

    /**
     * @param scope a scope
     * @param criterion a criterion
     * @return that curve
     */
    public PruningCurve curve(RankingScope scope, Criterion criterion) {
        return curves.stream().filter(c -> c.scope() == scope && c.criterion() == criterion).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + scope + " curve for " + criterion));
    }
}
