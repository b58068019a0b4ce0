package io.koopcredit.report.chart;

import java.util.Arrays;

/**
 * How a flat network input (row-major, like the network sees it) is laid out as a picture:
 * <ul>
 *   <li>{@code [H, W]} and {@code [1, H, W]}: an H × W image;</li>
 *   <li>{@code [C, H, W]} with C &gt; 1: the C channel images side by side, H × (C·W);</li>
 *   <li>anything else (e.g. a flat {@code [81]}): n values; a √n × √n square when n is a perfect square
 *       (the paper pools MNIST to 9 × 9 and feeds it flat), otherwise a 1 × n strip.</li>
 * </ul>
 *
 * @param rows picture rows, at least 1
 * @param cols picture columns, at least 1
 * @param channels channel images side by side (1 unless the input is C × H × W)
 */
public record SpatialLayout(int rows, int cols, int channels) {

    /**
     * Validates the extents.
     *
     * @param rows picture rows, at least 1
     * @param cols picture columns, at least 1, a multiple of {@code channels}
     * @param channels channel images side by side, at least 1
     */
    public SpatialLayout {
        if (rows < 1 || cols < 1 || channels < 1 || cols % channels != 0) {
            throw new IllegalArgumentException("invalid layout " + rows + "x" + cols + " with " + channels
                    + " channels");
        }
    }

    /**
     * @param inputShape the shape of one network input, without the batch axis; not modified
     * @return how to draw it
     */
    public static SpatialLayout of(int[] inputShape) {
        if (inputShape.length == 0) {
            throw new IllegalArgumentException("an input shape needs at least one dimension");
        }
        for (int d : inputShape) {
            if (d < 1) {
                throw new IllegalArgumentException("input extents must be >= 1, found " + Arrays.toString(inputShape));
            }
        }
        if (inputShape.length == 2) {
            return new SpatialLayout(inputShape[0], inputShape[1], 1);
        }
        if (inputShape.length == 3) {
            int c = inputShape[0];
            return new SpatialLayout(inputShape[1], c * inputShape[2], c);
        }
        long n = 1;
        for (int d : inputShape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("input of shape " + Arrays.toString(inputShape) + " is too large");
        }
        int side = (int) Math.round(Math.sqrt(n));
        if ((long) side * side == n) {
            return new SpatialLayout(side, side, 1);
        }
        return new SpatialLayout(1, (int) n, 1);
    }

    /** @return values in one input */
    public int size() {
        return rows * cols;
    }

    /** @return true for the 1 × n fallback of a flat input that is not a square */
    public boolean isStrip() {
        return rows == 1 && cols > 1;
    }

    /**
     * @param flat one input's values in the network's row-major order; not modified
     * @return them as a picture
     */
    public ValueGrid grid(double[] flat) {
        if (flat.length != size()) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " layout needs " + size() + " values, found "
                    + flat.length);
        }
        if (channels == 1) {
            return new ValueGrid(rows, cols, flat);
        }
        int w = cols / channels;
        double[] out = new double[flat.length];
        for (int c = 0; c < channels; c++) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(flat, (c * rows + r) * w, out, r * cols + c * w, w);
            }
        }
        return new ValueGrid(rows, cols, out);
    }

    /**
     * @param flat one input's values; not modified
     * @return {@link #grid(double[])} of them widened to double
     */
    public ValueGrid grid(float[] flat) {
        double[] d = new double[flat.length];
        for (int i = 0; i < flat.length; i++) {
            d[i] = flat[i];
        }
        return grid(d);
    }
}
