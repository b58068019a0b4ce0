package io.koopcredit.validation.randomization;

import java.util.Objects;

/**
 * How one block's credit moved when weights were re-randomized.
 *
 * @param block the block's name
 * @param randomized whether the block holds a re-randomized layer (only those are judged)
 * @param original the original log credit, null without credit
 * @param randomizedCredit the log credit after re-randomization, null without credit
 * @param change {@code randomizedCredit − original}, null unless both are present
 * @param changePerDirection {@code change} divided by the original credit's rank (the number of singular
 *     values in it): the change of the mean log scale per direction, null with {@code change}
 * @param moved for a randomized block with an original credit: whether the credit moved by at least the
 *     tolerance (a credit that disappears has moved); null for blocks that are not judged
 * @param note why a value is missing or how the block was judged (null when there is nothing to add)
 */
public record BlockCreditChange(String block, boolean randomized, Double original, Double randomizedCredit,
                                Double change, Double changePerDirection, Boolean moved, String note) {

    /**
     * Validates that values are finite and consistent.
     *
     * @param block the record's {@code block}
     * @param randomized the record's {@code randomized}
     * @param original the record's {@code original}
     * @param randomizedCredit the record's {@code randomizedCredit}
     * @param change the record's {@code change}
     * @param changePerDirection the record's {@code changePerDirection}
     * @param moved the record's {@code moved}
     * @param note the record's {@code note}
     */
    public BlockCreditChange {
        Objects.requireNonNull(block, "block");
        for (Double v : new Double[] {original, randomizedCredit, change, changePerDirection}) {
            if (v != null && !Double.isFinite(v)) {
                throw new IllegalArgumentException("block " + block + ": values must be finite, found " + v);
            }
        }
        if ((change == null) != (original == null || randomizedCredit == null) || (change == null)
                != (changePerDirection == null)) {
            throw new IllegalArgumentException("block " + block + ": a change needs both credits");
        }
        if (moved != null && !(randomized && original != null)) {
            throw new IllegalArgumentException("block " + block + ": only randomized blocks with a credit are judged");
        }
    }
}
