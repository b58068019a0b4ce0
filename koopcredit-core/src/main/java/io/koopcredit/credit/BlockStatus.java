package io.koopcredit.credit;

/** Whether a block's credit could be estimated. */
public enum BlockStatus {
    /** Credit, diagnostics and fidelity are all present. */
    OK,
    /** The estimate exists but carries no credit: the operator or the snapshot matrix is zero. */
    DEGENERATE,
    /** Estimation failed for this block (the reason says why); the other blocks are unaffected. */
    FAILED
}
