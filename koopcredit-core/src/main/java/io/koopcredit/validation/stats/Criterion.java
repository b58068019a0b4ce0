package io.koopcredit.validation.stats;

import java.util.List;

/**
 * What ranks blocks or convolution kernels by importance in the lesion and pruning checks: the credit, two
 * baselines that need no Koopman operator, and chance.
 */
public enum Criterion {
    /** The analysis's log credit (block credit for blocks, kernel credit for kernels). */
    CREDIT("credit", "the analysis's log credit (block or kernel credit)"),
    /**
     * The L1 norm of the weights: every weight tensor of a block, or the kernel's slice {@code W[c, …]} of
     * its convolution's weights (Li et al. 2017, "Pruning Filters for Efficient ConvNets"); biases left out.
     */
    L1_NORM("l1Norm", "the L1 norm of the weights (Li et al. 2017), biases left out"),
    /**
     * The mean absolute activation on the fitting samples: of the block's output, or of the kernel's
     * feature map (its convolution's output channel, after the activation that directly follows it).
     */
    ACTIVATION("activation", "the mean absolute activation on the fitting samples (block output or feature map)"),
    /** A seeded random order (pruning only: it ranks nothing to agree with). */
    RANDOM("random", "a seeded random order");

    private final String spec;
    private final String meaning;

    Criterion(String spec, String meaning) {
        this.spec = spec;
        this.meaning = meaning;
    }

    /** @return the name in the JSON, the CSV and the summary */
    public String spec() {
        return spec;
    }

    /** @return what it ranks by, in words */
    public String meaning() {
        return meaning;
    }

    /** @return the three criteria that order items by a value (all but {@link #RANDOM}) */
    public static List<Criterion> ranked() {
        return List.of(CREDIT, L1_NORM, ACTIVATION);
    }
}
