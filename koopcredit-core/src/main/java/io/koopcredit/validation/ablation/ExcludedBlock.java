package io.koopcredit.validation.ablation;

import java.util.Objects;

/**
 * A block left out of a comparison, and why.
 *
 * @param block the block's name
 * @param reason why it was left out (e.g. it has no credit)
 */
public record ExcludedBlock(String block, String reason) {
    /**
     * Validates that both are given.
     *
     * @param block the record's {@code block}
     * @param reason the record's {@code reason}
     */
    public ExcludedBlock {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(reason, "reason");
    }
}
