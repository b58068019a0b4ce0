package io.koopcredit.store;

/** How a stored value is kept: as a float32 (exact for what a float32 network computes) or a float64. */
public enum Element {
    /** IEEE 754 single precision, 4 bytes. */
    FLOAT32(4),
    /** IEEE 754 double precision, 8 bytes. */
    FLOAT64(8);

    private final int bytes;

    Element(int bytes) {
        this.bytes = bytes;
    }

    /** @return bytes per value */
    public int bytes() {
        return bytes;
    }
}
