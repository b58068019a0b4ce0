package io.koopcredit.validation.lesion;

/** What a lesion removes. */
public enum LesionTarget {
    /** A residual unit's branch (the block's credit predicts it). */
    UNITS("units"),
    /** One output channel of a convolution (the kernel credit predicts it). */
    KERNELS("kernels");

    private final String spec;

    LesionTarget(String spec) {
        this.spec = spec;
    }

    /** @return the name in the JSON and the summary */
    public String spec() {
        return spec;
    }
}
