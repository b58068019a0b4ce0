package io.koopcredit.report.chart;

/**
 * A 2-D array of values, as a heat map draws it: {@code rows × cols}, row-major.
 *
 * @param rows rows, at least 1
 * @param cols columns, at least 1
 * @param values {@code rows * cols} finite values, row after row (copied; never modified)
 */
public record ValueGrid(int rows, int cols, double[] values) {

    /**
     * Validates the size and that every value is finite; copies the values.
     *
     * @param rows rows, at least 1
     * @param cols columns, at least 1
     * @param values {@code rows * cols} finite values (copied; not modified)
     */
    public ValueGrid {
        if (rows < 1 || cols < 1 || (long) rows * cols != values.length) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " grid needs " + (long) rows * cols
                    + " values, found " + values.length);
        }
        values = values.clone();
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("grid values must be finite, found " + v);
            }
        }
    }

    /**
     * @param r row, from 0
     * @param c column, from 0
     * @return the value there
     */
    public double value(int r, int c) {
        if (r < 0 || r >= rows || c < 0 || c >= cols) {
            throw new IndexOutOfBoundsException("(" + r + ", " + c + ") outside a " + rows + "x" + cols + " grid");
        }
        return values[r * cols + c];
    }

    /** @return a copy of the values, row-major */
    @Override
    public double[] values() {
        return values.clone();
    }

    /** @return the largest |value| (0 for an all-zero grid) */
    public double maxAbs() {
        double m = 0;
        for (double v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
