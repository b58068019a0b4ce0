package io.koopcredit.validation.ablation;

import io.koopcredit.validation.stats.DamageMeasure;
import io.koopcredit.validation.stats.ScoreKind;
import java.util.List;
import java.util.Objects;

/**
 * The ablation check: every block knocked out and linearized on held-out samples, the rest of the real
 * network run after it, and how the damage orders agree with the credit order.
 *
 * @param scoreKind what the score is (accuracy with labels, else agreement with the unablated network)
 * @param samples held-out samples
 * @param fitSamples fitting samples the knockout means and the linearization offsets come from
 * @param baselineScore the unablated network's score (1 for agreement)
 * @param knockout one entry per block, in order
 * @param linearize one entry per block, in order
 * @param agreements per kind and damage measure, the rank correlation with the credits
 * @param note a caveat on reading the result (e.g. that one fitting sample makes every knockout the same),
 *     or null
 */
public record AblationResult(ScoreKind scoreKind, int samples, int fitSamples, double baselineScore,
                             List<BlockAblation> knockout, List<BlockAblation> linearize,
                             List<AblationAgreement> agreements, String note) {

    /**
     * Validates and copies.
     *
     * @param scoreKind the record's {@code scoreKind}
     * @param samples the record's {@code samples}
     * @param fitSamples the record's {@code fitSamples}
     * @param baselineScore the record's {@code baselineScore}
     * @param knockout the record's {@code knockout} (copied; not modified)
     * @param linearize the record's {@code linearize} (copied; not modified)
     * @param agreements the record's {@code agreements} (copied; not modified)
     * @param note the record's {@code note}
     */
    public AblationResult {
        Objects.requireNonNull(scoreKind, "scoreKind");
        knockout = List.copyOf(knockout);
        linearize = List.copyOf(linearize);
        agreements = List.copyOf(agreements);
        if (samples < 1 || fitSamples < 1) {
            throw new IllegalArgumentException("ablation needs samples, found " + samples + " and " + fitSamples);
        }
        if (!(baselineScore >= 0 && baselineScore <= 1)) {
            throw new IllegalArgumentException("baseline score must be a fraction, found " + baselineScore);
        }
        if (knockout.size() != linearize.size() || knockout.isEmpty()) {
            throw new IllegalArgumentException("one knockout and one linearization per block");
        }
        for (BlockAblation b : knockout) {
            if (b.kind() != AblationKind.KNOCKOUT) {
                throw new IllegalArgumentException("knockout list holds a " + b.kind());
            }
        }
        for (BlockAblation b : linearize) {
            if (b.kind() != AblationKind.LINEARIZE) {
                throw new IllegalArgumentException("linearize list holds a " + b.kind());
            }
        }
    }

    /**
     * @param kind an ablation kind
     * @return its per-block entries
     */
    public List<BlockAblation> of(AblationKind kind) {
        return kind == AblationKind.KNOCKOUT ? knockout : linearize;
    }

    /**
     * @param kind an ablation kind
     * @param measure a damage measure
     * @return the agreement for them
     */
    public AblationAgreement agreement(AblationKind kind, DamageMeasure measure) {
        return agreements.stream().filter(a -> a.kind() == kind && a.measure() == measure).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no agreement for " + kind + " by " + measure));
    }
}
