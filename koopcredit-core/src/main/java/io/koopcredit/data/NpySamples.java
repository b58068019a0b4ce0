package io.koopcredit.data;

import io.koopcredit.base.InputException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Samples read from a {@code .npy} file of shape {@code (N, ...)}: {@code N} samples of the remaining shape.
 *
 * <p>The values are as stored, converted to float. For {@link NpyDtype#UINT8} files they are pixel values
 * 0..255 that {@link Preprocessing} scales to [0, 1] like IDX pixels; for {@link NpyDtype#FLOAT32} and
 * {@link NpyDtype#FLOAT64} files they are taken as already scaled and are not divided by 255.
 *
 * @param source the file they were read from
 * @param dtype the element type stored in the file (one for which {@link NpyDtype#forSamples()} holds)
 * @param count the number of samples {@code N}, at least 1
 * @param sampleShape the shape of one sample, at least one extent, each at least 1 (copied; never modified)
 * @param values {@code count * sampleSize()} finite values, sample-major and row-major within a sample
 *     (copied; never modified)
 */
public record NpySamples(Path source, NpyDtype dtype, int count, int[] sampleShape, float[] values) {

    /**
     * Validates and copies the arrays.
     *
     * @param source the file the samples were read from
     * @param dtype the element type stored in the file
     * @param count the number of samples, at least 1
     * @param sampleShape the shape of one sample (copied; not modified)
     * @param values {@code count} samples, sample-major (copied; not modified)
     * @throws InputException if the type is not a sample type, an extent is below 1, the number of values
     *     does not match, or a value is not finite (or, for unsigned bytes, not an integer 0..255)
     */
    public NpySamples {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(sampleShape, "sampleShape");
        Objects.requireNonNull(values, "values");
        if (!dtype.forSamples()) {
            throw new InputException(source + ": expected a sample dtype (" + NpyDtype.accepted(false) + "), found '"
                    + dtype.descr() + "'");
        }
        sampleShape = sampleShape.clone();
        int size = Dataset.checkShape(source.toString(), sampleShape);
        if (count < 1) {
            throw new InputException(source + ": expected at least 1 sample, found " + count);
        }
        if ((long) count * size != values.length) {
            throw new InputException(source + ": expected " + ((long) count * size) + " values (" + count
                    + " samples of " + Dataset.shapeText(sampleShape) + "), found " + values.length);
        }
        values = values.clone();
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            boolean ok = dtype == NpyDtype.UINT8 ? v >= 0 && v <= 255 && v == Math.rint(v) : Float.isFinite(v);
            if (!ok) {
                throw new InputException(source + ": expected " + (dtype == NpyDtype.UINT8 ? "integers 0..255"
                        : "finite values") + ", found " + v + " at flat index " + i);
            }
        }
    }

    /** @return a copy of the shape of one sample */
    @Override
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** @return a copy of the values, sample-major and row-major within a sample */
    @Override
    public float[] values() {
        return values.clone();
    }

    /** @return the number of values in one sample */
    public int sampleSize() {
        return values.length / count;
    }

    /** @return whether the values are pixel bytes 0..255 (to be scaled) rather than already-scaled floats */
    public boolean isByteData() {
        return dtype == NpyDtype.UINT8;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpySamples other && source.equals(other.source) && dtype == other.dtype
                && count == other.count && Arrays.equals(sampleShape, other.sampleShape)
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, dtype, count, Arrays.hashCode(sampleShape), Arrays.hashCode(values));
    }

    /** @return a short description, without the values */
    @Override
    public String toString() {
        return "NpySamples[" + source + ": " + count + " samples of " + Dataset.shapeText(sampleShape) + ", "
                + dtype.descr() + "]";
    }
}
