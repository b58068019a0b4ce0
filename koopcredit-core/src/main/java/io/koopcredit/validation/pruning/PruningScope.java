package io.koopcredit.validation.pruning;

/** How kernels are ranked against each other before the lowest fraction is pruned. */
public enum PruningScope {
    /** One ranking of all candidate kernels: the lowest k% of the network are pruned, wherever they are. */
    GLOBAL("global"),
    /**
     * One ranking per convolution: the lowest k% of each convolution's kernels are pruned (rounded per
     * convolution), as Li et al. (2017) prune each layer.
     */
    PER_LAYER("perLayer");

    private final String spec;

    PruningScope(String spec) {
        this.spec = spec;
    }

    /** @return the name in the JSON, the CSV and the summary */
    public String spec() {
        return spec;
    }
}
