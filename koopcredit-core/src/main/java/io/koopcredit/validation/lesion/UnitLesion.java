package io.koopcredit.validation.lesion;

import java.util.List;
import java.util.Objects;

/**
 * One residual unit lesioned: its branch removed, so that the block computes what follows its join on the
 * shortcut alone.
 *
 * @param block the block's name
 * @param blockIndex its index in the partition
 * @param shortcut {@code identity} or {@code projection (layers)}
 * @param branchLayers the layers of the removed branch
 * @param importance its block credit and the baselines
 * @param damage what the lesion did
 */
public record UnitLesion(String block, int blockIndex, String shortcut, List<String> branchLayers,
                         Importance importance, Damage damage) {
    /**
     * Validates and copies.
     *
     * @param block the record's {@code block}
     * @param blockIndex the record's {@code blockIndex}
     * @param shortcut the record's {@code shortcut}
     * @param branchLayers the record's {@code branchLayers} (copied; not modified)
     * @param importance the record's {@code importance}
     * @param damage the record's {@code damage}
     */
    public UnitLesion {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(shortcut, "shortcut");
        Objects.requireNonNull(importance, "importance");
        Objects.requireNonNull(damage, "damage");
        branchLayers = List.copyOf(branchLayers);
    }
}
