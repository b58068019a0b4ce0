package io.koopcredit.report.chart;

/** The charts of a credit analysis and of its validation, each with the base of its file name. */
public enum ChartKind {
    /** Log credit per block (Fig. 4(a), "Layer Credit"). */
    LAYER_CREDIT("layer-credit"),
    /** Log credit per kept dimension per block. */
    LAYER_CREDIT_PER_DIM("layer-credit-per-dim"),
    /** Credit per kernel of one convolution block (Fig. 4(a), "Conv Kernel Credit"); one chart per block. */
    KERNEL_CREDIT("kernel-credit"),
    /** Rows of K as heat maps, one per class (Fig. 4(b), right). */
    FEATURE_WEIGHTS("feature-weights"),
    /** Inputs next to their pixel-times-weight products (Fig. 4(b)). */
    EXAMPLES("examples"),
    /** Median held-out relative error per block. */
    FIDELITY("fidelity"),
    /** Snapshot rank per block against nIn. */
    SNAPSHOT_RANK("snapshot-rank"),
    /** Held-out score against the fraction of kernels pruned, one line per criterion (validation). */
    PRUNING("pruning");

    private final String baseName;

    ChartKind(String baseName) {
        this.baseName = baseName;
    }

    /** @return the file name base, e.g. {@code layer-credit} */
    public String baseName() {
        return baseName;
    }
}
