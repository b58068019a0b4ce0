package io.koopcredit.model;

import java.util.List;
import java.util.Objects;

/**
 * A block that is one residual unit: its output is {@code g(branch(x) + shortcut(x))} where x is the
 * block's input, the two paths from x to the joining {@code Add} share no operation, the shortcut is x
 * itself (identity) or the shorter of the two paths (a projection, e.g. a 1×1 convolution), and g is what
 * follows the Add inside the block (a ReLU, say). A unit lesion removes the branch: the block computes
 * {@code g(shortcut(x))}.
 *
 * @param block the block's name
 * @param blockIndex the block's index in its partition
 * @param add the joining node, described for messages (e.g. {@code '/Add_2' (Add)})
 * @param shortcutLayers the layers of the shortcut path (empty for an identity shortcut)
 * @param branchLayers the layers of the removed branch, in order
 * @param weightL1 the L1 norm of every weight tensor of the block (Conv, ConvTranspose, Gemm and MatMul
 *     weights, not biases): the magnitude baseline of a unit lesion
 */
public record ResidualUnit(String block, int blockIndex, String add, List<String> shortcutLayers,
                           List<String> branchLayers, double weightL1) {

    /**
     * Validates and copies.
     *
     * @param block the record's {@code block}
     * @param blockIndex the record's {@code blockIndex}
     * @param add the record's {@code add}
     * @param shortcutLayers the record's {@code shortcutLayers} (copied; not modified)
     * @param branchLayers the record's {@code branchLayers} (copied; not modified)
     * @param weightL1 the record's {@code weightL1}
     */
    public ResidualUnit {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(add, "add");
        shortcutLayers = List.copyOf(shortcutLayers);
        branchLayers = List.copyOf(branchLayers);
        if (blockIndex < 0 || !(weightL1 >= 0) || Double.isInfinite(weightL1)) {
            throw new IllegalArgumentException("residual unit " + block + ": index " + blockIndex + ", weight norm "
                    + weightL1);
        }
    }

    /** @return {@code identity}, or {@code projection (layer, …)} */
    public String shortcut() {
        return shortcutLayers.isEmpty() ? "identity" : "projection (" + String.join(", ", shortcutLayers) + ")";
    }
}
