package io.koopcredit.data;

import io.koopcredit.InputException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Labels read from an IDX file (magic number 2049): one unsigned byte per item.
 *
 * @param source the file they were read from
 * @param count the number of labels, at least 1
 * @param labels the labels, each 0..255 (copied; never modified)
 */
public record IdxLabels(Path source, int count, int[] labels) {

    /** The largest value an unsigned-byte label can have. */
    public static final int MAX_LABEL = 255;

    /**
     * Validates the count and the range of the labels and copies them.
     *
     * @param source the file the labels were read from
     * @param count the number of labels, at least 1
     * @param labels the labels, each 0..255 (copied; not modified)
     * @throws InputException if the count is below 1 or does not match the array, or a label is not 0..255
     */
    public IdxLabels {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(labels, "labels");
        if (count < 1 || labels.length != count) {
            throw new InputException(source + ": expected a label count >= 1 matching the " + labels.length
                    + " labels, found " + count);
        }
        labels = labels.clone();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > MAX_LABEL) {
                throw new InputException(source + ": expected labels 0.." + MAX_LABEL + ", found " + labels[i]
                        + " at index " + i);
            }
        }
    }

    /** @return a copy of the labels */
    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxLabels other && source.equals(other.source) && count == other.count
                && Arrays.equals(labels, other.labels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, count, Arrays.hashCode(labels));
    }

    /** @return a short description, without the labels */
    @Override
    public String toString() {
        return "IdxLabels[" + source + ": " + count + " labels]";
    }
}
