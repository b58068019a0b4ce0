package io.koopcredit.model;

/**
 * The paper's block types (Section III.B, Fig. 1), named by how the input width compares with the output
 * width. They decide the shape of the dimension-alignment matrices.
 */
public enum BlockKind {
    /** Small to large: fewer inputs than outputs (e.g. a convolution that adds channels). */
    S2L,
    /** Large to small: more inputs than outputs (pooling, most dense layers). */
    L2S,
    /** Equal to equal: as many inputs as outputs; no alignment is needed. */
    E2E;

    /**
     * @param nIn input width, at least 1
     * @param nOut output width, at least 1
     * @return the kind of a block mapping {@code nIn} numbers to {@code nOut} numbers
     */
    public static BlockKind of(int nIn, int nOut) {
        if (nIn < 1 || nOut < 1) {
            throw new IllegalArgumentException("block widths must be >= 1, found nIn=" + nIn + ", nOut=" + nOut);
        }
        return nIn < nOut ? S2L : nIn > nOut ? L2S : E2E;
    }
}
