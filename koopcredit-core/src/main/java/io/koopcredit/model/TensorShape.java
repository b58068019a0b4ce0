package io.koopcredit.model;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * The shape of one sample of a tensor, without the batch dimension: {@code [6, 28, 28]} for the output of
 * LeNet-5's first convolution, {@code [120]} for a dense layer. Values are laid out in row-major (C) order,
 * so a sample is a flat vector of {@link #size()} numbers.
 *
 * @param dims the extents, each at least 1 (copied; never modified)
 */
public record TensorShape(int[] dims) {

    /** Validates and copies the extents. */
    public TensorShape {
        if (dims == null || dims.length == 0) {
            throw new IllegalArgumentException("a tensor shape needs at least one dimension, found none");
        }
        dims = dims.clone();
        long size = 1;
        for (int d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("tensor extents must be >= 1, found " + Arrays.toString(dims));
            }
            size *= d;
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("tensor of shape " + Arrays.toString(dims) + " is too large");
            }
        }
    }

    /** @return a shape with the given extents */
    public static TensorShape of(int... dims) {
        return new TensorShape(dims);
    }

    /** @return a copy of the extents */
    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** @return the number of dimensions */
    public int rank() {
        return dims.length;
    }

    /** @return extent {@code i} */
    public int dim(int i) {
        return dims[i];
    }

    /** @return the number of values in one sample (the product of the extents) */
    public int size() {
        int s = 1;
        for (int d : dims) {
            s *= d;
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorShape other && Arrays.equals(dims, other.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** @return the extents joined by 'x', e.g. {@code 6x28x28} */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner("x");
        for (int d : dims) {
            j.add(Integer.toString(d));
        }
        return j.toString();
    }
}
