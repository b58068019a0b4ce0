package io.koopcredit.validation.stats;

/**
 * Which kernels are ranked against each other: all of the network's, or those of one convolution at a time.
 * Pruning prunes the lowest k% of the whole ranking or of each convolution's; the lesion agreement correlates
 * the whole ranking with the damages, or each convolution's (and averages the coefficients), which takes
 * out what differs between layers (map sizes, depth) and leaves the order within a layer.
 */
public enum RankingScope {
    /** One ranking of all kernels. */
    GLOBAL("global"),
    /**
     * One ranking per convolution: pruning takes the lowest k% of each convolution's kernels (rounded per
     * convolution), as Li et al. (2017) prune each layer; the lesion agreement is the mean over convolutions
     * of the within-convolution coefficient.
     */
    PER_LAYER("perLayer");

    private final String spec;

    RankingScope(String spec) {
        this.spec = spec;
    }

    /** @return the name in the JSON, the CSV and the summary */
    public String spec() {
        return spec;
    }
}
