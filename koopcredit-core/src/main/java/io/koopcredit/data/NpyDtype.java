package io.koopcredit.data;

import java.util.Arrays;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The NumPy element types this package reads, by their {@code .npy} descriptor. Only little-endian (or
 * byte-order-free) types are listed: that is what NumPy writes on every common machine.
 */
public enum NpyDtype {
    /** 32-bit IEEE float, little-endian: samples, taken as already scaled. */
    FLOAT32("<f4", 4, true, false),
    /** 64-bit IEEE float, little-endian: samples, taken as already scaled and narrowed to float. */
    FLOAT64("<f8", 8, true, false),
    /** Unsigned byte: samples (pixels 0..255, scaled like IDX pixels) or labels. */
    UINT8("|u1", 1, true, true),
    /** 32-bit signed integer, little-endian: labels. */
    INT32("<i4", 4, false, true),
    /** 64-bit signed integer, little-endian (NumPy's default integer): labels. */
    INT64("<i8", 8, false, true);

    private final String descr;
    private final int itemBytes;
    private final boolean forSamples;
    private final boolean forLabels;

    NpyDtype(String descr, int itemBytes, boolean forSamples, boolean forLabels) {
        this.descr = descr;
        this.itemBytes = itemBytes;
        this.forSamples = forSamples;
        this.forLabels = forLabels;
    }

    /** @return the descriptor as written in the {@code .npy} header, e.g. {@code <f4} */
    public String descr() {
        return descr;
    }

    /** @return the size of one element in bytes */
    public int itemBytes() {
        return itemBytes;
    }

    /** @return whether sample files may have this type */
    public boolean forSamples() {
        return forSamples;
    }

    /** @return whether label files may have this type */
    public boolean forLabels() {
        return forLabels;
    }

    /**
     * @param descr a descriptor as written in a {@code .npy} header (not modified)
     * @return the type with that descriptor, if this package reads it
     */
    public static Optional<NpyDtype> ofDescr(String descr) {
        return Arrays.stream(values()).filter(d -> d.descr.equals(descr)).findFirst();
    }

    /**
     * @param labels true for the types accepted in label files, false for sample files
     * @return the accepted descriptors quoted and joined, e.g. {@code '<f4', '<f8', '|u1'}, for messages
     */
    static String accepted(boolean labels) {
        StringJoiner j = new StringJoiner(", ");
        for (NpyDtype d : values()) {
            if (labels ? d.forLabels : d.forSamples) {
                j.add("'" + d.descr + "'");
            }
        }
        return j.toString();
    }
}
