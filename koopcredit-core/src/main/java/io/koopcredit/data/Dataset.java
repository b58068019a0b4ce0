package io.koopcredit.data;

import io.koopcredit.base.InputException;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Preprocessed samples, ready to be fed to a model: {@code count()} samples of shape {@code sampleShape},
 * with or without one class label per sample.
 *
 * <p>Immutable: the arrays are copied in and out. A dataset may hold 0 samples (e.g. an empty holdout set).
 *
 * @param description where the samples came from, for messages (e.g. the file path); not blank
 * @param sampleShape the shape of one sample, e.g. {@code [1, 28, 28]}; at least one extent, each at least 1
 *     (copied; never modified)
 * @param values {@code count() * sampleSize()} finite values, sample-major and row-major within a sample
 *     (copied; never modified)
 * @param labelsOrNull one class label (at least 0) per sample, or {@code null} when the data has no labels
 *     (copied; never modified). Prefer {@link #labels()} and {@link #hasLabels()}.
 */
public record Dataset(String description, int[] sampleShape, float[] values, int[] labelsOrNull) {

    /**
     * Validates and copies the arrays.
     *
     * @param description where the samples came from, for messages; not blank
     * @param sampleShape the shape of one sample (copied; not modified)
     * @param values the samples, sample-major and row-major within a sample (copied; not modified)
     * @param labelsOrNull one label per sample, or {@code null} for unlabelled data (copied; not modified)
     * @throws InputException naming the description if the shape has no extent or one below 1, the number of
     *     values is not a multiple of the sample size, a value is not finite, or there is not exactly one
     *     label (at least 0) per sample
     */
    public Dataset {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(sampleShape, "sampleShape");
        Objects.requireNonNull(values, "values");
        if (description.isBlank()) {
            throw new IllegalArgumentException("a dataset needs a description for messages, found a blank one");
        }
        sampleShape = sampleShape.clone();
        int size = checkShape(description, sampleShape);
        if (values.length % size != 0) {
            throw new InputException(description + ": expected a whole number of samples of " + shapeText(sampleShape)
                    + " (" + size + " values each), found " + values.length + " values");
        }
        int count = values.length / size;
        values = values.clone();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new InputException(description + ": expected finite values, found " + values[i] + " in sample "
                        + (i / size) + " at position " + (i % size));
            }
        }
        if (labelsOrNull != null) {
            if (labelsOrNull.length != count) {
                throw new InputException(description + ": expected one label per sample (" + count + "), found "
                        + labelsOrNull.length + " labels");
            }
            labelsOrNull = labelsOrNull.clone();
            for (int i = 0; i < labelsOrNull.length; i++) {
                if (labelsOrNull[i] < 0) {
                    throw new InputException(description + ": expected labels >= 0, found " + labelsOrNull[i]
                            + " for sample " + i);
                }
            }
        }
    }

    /** @return a copy of the shape of one sample */
    @Override
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** @return a copy of all values, sample-major and row-major within a sample */
    @Override
    public float[] values() {
        return values.clone();
    }

    /** @return a copy of the labels, or {@code null} when the data has no labels; see {@link #labels()} */
    @Override
    public int[] labelsOrNull() {
        return labelsOrNull == null ? null : labelsOrNull.clone();
    }

    /** @return a copy of the labels, one per sample, or empty when the data has no labels */
    public Optional<int[]> labels() {
        return Optional.ofNullable(labelsOrNull());
    }

    /** @return whether there is one label per sample */
    public boolean hasLabels() {
        return labelsOrNull != null;
    }

    /**
     * @param i a sample index, 0-based
     * @return the label of sample {@code i}
     * @throws IllegalStateException if the data has no labels
     * @throws IndexOutOfBoundsException if {@code i} is not a sample index
     */
    public int label(int i) {
        if (labelsOrNull == null) {
            throw new IllegalStateException(description + " has no labels");
        }
        return labelsOrNull[Objects.checkIndex(i, count())];
    }

    /** @return the number of values in one sample (the product of the sample shape) */
    public int sampleSize() {
        int s = 1;
        for (int d : sampleShape) {
            s *= d;
        }
        return s;
    }

    /** @return the number of samples */
    public int count() {
        return values.length / sampleSize();
    }

    /**
     * @param i a sample index, 0-based
     * @return a copy of sample {@code i}, row-major
     * @throws IndexOutOfBoundsException if {@code i} is not a sample index
     */
    public float[] sample(int i) {
        int size = sampleSize();
        int from = Objects.checkIndex(i, count()) * size;
        return Arrays.copyOfRange(values, from, from + size);
    }

    /**
     * Copies samples into a caller's array, e.g. to fill a batch without intermediate copies.
     *
     * @param from the first sample to copy
     * @param n how many samples to copy
     * @param dst receives {@code n * sampleSize()} values starting at {@code dstOffset} (modified there only)
     * @param dstOffset where the first value goes
     * @throws IndexOutOfBoundsException if the samples or the destination range do not exist
     */
    public void copySamples(int from, int n, float[] dst, int dstOffset) {
        Objects.checkFromIndexSize(from, n, count());
        int size = sampleSize();
        System.arraycopy(values, from * size, dst, dstOffset, n * size);
    }

    /**
     * @param n how many samples to keep, 0..count()
     * @return the first {@code n} samples
     * @throws InputException naming this dataset and the valid range if {@code n} is out of range
     */
    public Dataset head(int n) {
        checkCount("head", n);
        return slice(0, n);
    }

    /**
     * @param n how many samples to keep, 0..count()
     * @return the last {@code n} samples
     * @throws InputException naming this dataset and the valid range if {@code n} is out of range
     */
    public Dataset tail(int n) {
        checkCount("tail", n);
        return slice(count() - n, count());
    }

    /**
     * @param from the first sample to keep, 0..to
     * @param to one past the last sample to keep, from..count()
     * @return samples {@code from} (inclusive) to {@code to} (exclusive), described as
     *     {@code "<description> [from, to)"}
     * @throws InputException naming this dataset and the valid range if the range is out of bounds
     */
    public Dataset slice(int from, int to) {
        int count = count();
        if (from < 0 || to < from || to > count) {
            throw new InputException(description + ": expected a sample range [from, to) with 0 <= from <= to <= "
                    + count + ", found [" + from + ", " + to + ")");
        }
        if (from == 0 && to == count) {
            return this;
        }
        int size = sampleSize();
        return new Dataset(description + " [" + from + ", " + to + ")", sampleShape,
                Arrays.copyOfRange(values, from * size, to * size),
                labelsOrNull == null ? null : Arrays.copyOfRange(labelsOrNull, from, to));
    }

    private void checkCount(String what, int n) {
        if (n < 0 || n > count()) {
            throw new InputException(description + ": expected " + what + "(n) with n in 0.." + count()
                    + " (the number of samples), found " + n);
        }
    }

    /** @return the sample shape joined by 'x', e.g. {@code 1x28x28} */
    public String shapeText() {
        return shapeText(sampleShape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dataset other && description.equals(other.description)
                && Arrays.equals(sampleShape, other.sampleShape) && Arrays.equals(values, other.values)
                && Arrays.equals(labelsOrNull, other.labelsOrNull);
    }

    @Override
    public int hashCode() {
        return Objects.hash(description, Arrays.hashCode(sampleShape), Arrays.hashCode(values),
                Arrays.hashCode(labelsOrNull));
    }

    /** @return a short description, e.g. {@code Dataset[data/x.gz: 2000 samples of 1x28x28, labelled]} */
    @Override
    public String toString() {
        return "Dataset[" + description + ": " + count() + " samples of " + shapeText() + ", "
                + (hasLabels() ? "labelled" : "unlabelled") + "]";
    }

    /**
     * @param shape extents (not modified)
     * @return the extents joined by 'x', e.g. {@code 1x28x28}
     */
    static String shapeText(int[] shape) {
        StringJoiner j = new StringJoiner("x");
        for (int d : shape) {
            j.add(Integer.toString(d));
        }
        return j.toString();
    }

    /**
     * @param what the data the shape belongs to, for messages
     * @param shape the extents of one sample (not modified)
     * @return the number of values in one sample
     * @throws InputException if there is no extent, one is below 1, or the product does not fit an int
     */
    static int checkShape(String what, int[] shape) {
        if (shape.length == 0) {
            throw new InputException(what + ": expected a sample shape with at least one extent, found none");
        }
        long size = 1;
        for (int d : shape) {
            if (d < 1) {
                throw new InputException(what + ": expected sample extents >= 1, found " + shapeText(shape));
            }
            size *= d;
            if (size > Integer.MAX_VALUE) {
                throw new InputException(what + ": expected a sample of at most " + Integer.MAX_VALUE
                        + " values, found shape " + shapeText(shape));
            }
        }
        return (int) size;
    }
}
