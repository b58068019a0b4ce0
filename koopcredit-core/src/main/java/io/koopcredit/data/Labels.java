package io.koopcredit.data;

import io.koopcredit.base.InputException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Class labels read from a file: an IDX label file (magic number 2049, one unsigned byte per item) or a
 * one-dimensional {@code .npy} file of an integer type.
 *
 * @param source the file they were read from
 * @param count the number of labels, at least 1
 * @param labels the labels, each at least 0 (copied; never modified)
 */
public record Labels(Path source, int count, int[] labels) {

    /**
     * Validates and copies the labels.
     *
     * @param source the file the labels were read from
     * @param count the number of labels, at least 1
     * @param labels the labels, each at least 0 (copied; not modified)
     * @throws InputException if the count is below 1 or does not match the array, or a label is negative
     */
    public Labels {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(labels, "labels");
        if (count < 1 || labels.length != count) {
            throw new InputException(source + ": expected a label count >= 1 matching the " + labels.length
                    + " labels, found " + count);
        }
        labels = labels.clone();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new InputException(source + ": expected labels >= 0, found " + labels[i] + " at index " + i);
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
        return o instanceof Labels other && source.equals(other.source) && count == other.count
                && Arrays.equals(labels, other.labels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, count, Arrays.hashCode(labels));
    }

    /** @return a short description, without the labels */
    @Override
    public String toString() {
        return "Labels[" + source + ": " + count + " labels]";
    }
}
