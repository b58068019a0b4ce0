package io.koopcredit.linalg;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense real matrix in double precision, stored column by column (the layout LAPACK uses).
 *
 * <p>Column-major storage makes the most common data of this project free to wrap: N samples of width n,
 * stored sample after sample, are exactly the n × N matrix whose columns are the samples (the snapshot
 * matrices of Section III.C).
 *
 * <p>Instances are immutable through this API: no method modifies a matrix after construction.
 * {@link #wrap} takes ownership of the array it is given; every accessor that returns an array returns a
 * copy.
 */
public final class Matrix {
    private final int rows;
    private final int cols;
    /** Column-major values: element (i, j) is {@code data[i + j * rows]}. Package-private for the facade. */
    final double[] data;
    /** A native copy for matrices the facade uses again and again (see {@link Linalg#multiply(Matrix, double[])}). */
    private org.bytedeco.javacpp.DoublePointer mirror;

    Matrix(int rows, int cols, double[] data) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix extents must be >= 0, found " + rows + "x" + cols);
        }
        Objects.requireNonNull(data, "data");
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " matrix needs " + (long) rows * cols
                    + " values, found " + data.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /** Whether a native operation has used this matrix before ({@link #mirrorOnReuse}). */
    private boolean used;

    /**
     * @return a native copy of the values, made when a native operation uses the matrix a second time and kept
     *     while the matrix lives; null at the first use (a matrix used once, such as a tile or a temporary
     *     product, never holds native memory until the collector frees it)
     */
    synchronized org.bytedeco.javacpp.DoublePointer mirrorOnReuse() {
        if (mirror == null && !used) {
            used = true;
            return null;
        }
        return mirror();
    }

    /** @return a native copy of the values, made on first use and kept while the matrix lives */
    synchronized org.bytedeco.javacpp.DoublePointer mirror() {
        if (mirror == null) {
            mirror = new org.bytedeco.javacpp.DoublePointer(Math.max(1, data.length));
            mirror.put(data, 0, data.length);
        }
        return mirror.position(0);
    }

    /**
     * Wraps a column-major array without copying.
     *
     * @param rows number of rows
     * @param cols number of columns
     * @param columnMajor {@code rows * cols} values, column after column; ownership passes to the matrix:
     *     the caller must not modify the array afterwards
     * @return the matrix
     */
    public static Matrix wrap(int rows, int cols, double[] columnMajor) {
        return new Matrix(rows, cols, columnMajor);
    }

    /**
     * A matrix whose columns are samples: {@code count} samples of {@code width} values stored sample after
     * sample form the {@code width × count} matrix. Copies the values.
     *
     * @param width values per sample (rows)
     * @param count number of samples (columns)
     * @param samples {@code width * count} values; not modified
     * @return the {@code width × count} matrix
     */
    public static Matrix ofSamples(int width, int count, double[] samples) {
        return new Matrix(width, count, samples.clone());
    }

    /**
     * @param rows number of rows
     * @param cols number of columns
     * @return the zero matrix
     */
    public static Matrix zeros(int rows, int cols) {
        return new Matrix(rows, cols, new double[Math.multiplyExact(rows, cols)]);
    }

    /**
     * @param n order
     * @return the n × n identity
     */
    public static Matrix identity(int n) {
        double[] d = new double[Math.multiplyExact(n, n)];
        for (int i = 0; i < n; i++) {
            d[i + i * n] = 1.0;
        }
        return new Matrix(n, n, d);
    }

    /**
     * @param rowValues the rows, all of one length; not modified
     * @return the matrix with these rows
     */
    public static Matrix fromRows(double[][] rowValues) {
        int r = rowValues.length;
        int c = r == 0 ? 0 : rowValues[0].length;
        double[] d = new double[r * c];
        for (int i = 0; i < r; i++) {
            if (rowValues[i].length != c) {
                throw new IllegalArgumentException("row " + i + " has " + rowValues[i].length + " values, expected " + c);
            }
            for (int j = 0; j < c; j++) {
                d[i + j * r] = rowValues[i][j];
            }
        }
        return new Matrix(r, c, d);
    }

    /**
     * @param values diagonal entries; not modified
     * @return the square diagonal matrix
     */
    public static Matrix diagonal(double[] values) {
        int n = values.length;
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) {
            d[i + i * n] = values[i];
        }
        return new Matrix(n, n, d);
    }

    /** @return number of rows */
    public int rows() {
        return rows;
    }

    /** @return number of columns */
    public int cols() {
        return cols;
    }

    /**
     * @param i row
     * @param j column
     * @return element (i, j)
     */
    public double get(int i, int j) {
        Objects.checkIndex(i, rows);
        Objects.checkIndex(j, cols);
        return data[i + j * rows];
    }

    /**
     * @param j column index
     * @return a copy of column j
     */
    public double[] column(int j) {
        Objects.checkIndex(j, cols);
        return Arrays.copyOfRange(data, j * rows, (j + 1) * rows);
    }

    /**
     * @param i row index
     * @return a copy of row i
     */
    public double[] row(int i) {
        Objects.checkIndex(i, rows);
        double[] r = new double[cols];
        for (int j = 0; j < cols; j++) {
            r[j] = data[i + j * rows];
        }
        return r;
    }

    /**
     * @param from first row, inclusive
     * @param to last row, exclusive
     * @return a copy of rows {@code from..to-1}
     */
    public Matrix rowRange(int from, int to) {
        Objects.checkFromToIndex(from, to, rows);
        int r = to - from;
        double[] d = new double[r * cols];
        for (int j = 0; j < cols; j++) {
            System.arraycopy(data, from + j * rows, d, j * r, r);
        }
        return new Matrix(r, cols, d);
    }

    /**
     * @param from first column, inclusive
     * @param to last column, exclusive
     * @return a copy of columns {@code from..to-1}
     */
    public Matrix columnRange(int from, int to) {
        Objects.checkFromToIndex(from, to, cols);
        return new Matrix(rows, to - from, Arrays.copyOfRange(data, from * rows, to * rows));
    }

    /**
     * @return this matrix when no row is zero in every column, else a new matrix of the other rows in
     *     order (the same values, column-major; none when every row is zero)
     */
    public Matrix withoutZeroRows() {
        boolean[] used = new boolean[rows];
        int kept = 0;
        for (int j = 0; j < cols && kept < rows; j++) {
            int base = j * rows;
            for (int i = 0; i < rows; i++) {
                if (!used[i] && data[base + i] != 0) {
                    used[i] = true;
                    kept++;
                }
            }
        }
        if (kept == rows) {
            return this;
        }
        double[] out = new double[Math.multiplyExact(kept, cols)];
        int at = 0;
        for (int j = 0; j < cols; j++) {
            int base = j * rows;
            for (int i = 0; i < rows; i++) {
                if (used[i]) {
                    out[at++] = data[base + i];
                }
            }
        }
        return new Matrix(kept, cols, out);
    }

    /** @return a copy of the values, column after column (equivalently: sample after sample) */
    public double[] toColumnMajor() {
        return data.clone();
    }

    /** @return the values as rows (a copy) */
    public double[][] toRows() {
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = row(i);
        }
        return out;
    }

    /** Tile edge of the blocked transpose: two 32 × 32 tiles of doubles (16 KiB) stay in L1. */
    private static final int TILE = 32;

    /** @return the transpose (a new matrix), copied tile by tile so that reads and writes stay in cache */
    public Matrix transpose() {
        double[] d = new double[data.length];
        for (int j0 = 0; j0 < cols; j0 += TILE) {
            int j1 = Math.min(cols, j0 + TILE);
            for (int i0 = 0; i0 < rows; i0 += TILE) {
                int i1 = Math.min(rows, i0 + TILE);
                for (int j = j0; j < j1; j++) {
                    int base = j * rows;
                    for (int i = i0; i < i1; i++) {
                        d[j + i * cols] = data[base + i];
                    }
                }
            }
        }
        return new Matrix(cols, rows, d);
    }

    /** @return the Frobenius norm, computed without overflow for finite entries */
    public double frobeniusNorm() {
        return Vectors.norm(data, 0, data.length);
    }

    /** @return true if every entry is finite */
    public boolean isFinite() {
        for (double v : data) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param factor the scalar
     * @return {@code factor * this} (a new matrix)
     */
    public Matrix scale(double factor) {
        double[] d = data.clone();
        for (int k = 0; k < d.length; k++) {
            d[k] *= factor;
        }
        return new Matrix(rows, cols, d);
    }

    /**
     * @param factors one factor per column; not modified
     * @return the matrix with column j multiplied by {@code factors[j]} (this · diag(factors))
     */
    public Matrix scaleColumns(double[] factors) {
        if (factors.length != cols) {
            throw new IllegalArgumentException("expected " + cols + " column factors, found " + factors.length);
        }
        double[] d = data.clone();
        for (int j = 0; j < cols; j++) {
            double f = factors[j];
            int base = j * rows;
            for (int i = 0; i < rows; i++) {
                d[base + i] *= f;
            }
        }
        return new Matrix(rows, cols, d);
    }

    /**
     * @param other a matrix of the same shape; not modified
     * @return {@code this + other}
     */
    public Matrix plus(Matrix other) {
        requireSameShape(other, "add");
        double[] d = data.clone();
        for (int k = 0; k < d.length; k++) {
            d[k] += other.data[k];
        }
        return new Matrix(rows, cols, d);
    }

    /**
     * @param other a matrix of the same shape; not modified
     * @return {@code this - other}
     */
    public Matrix minus(Matrix other) {
        requireSameShape(other, "subtract");
        double[] d = data.clone();
        for (int k = 0; k < d.length; k++) {
            d[k] -= other.data[k];
        }
        return new Matrix(rows, cols, d);
    }

    /**
     * Places matrices side by side.
     *
     * @param parts matrices with the same number of rows; not modified
     * @return {@code [parts[0], parts[1], ...]}
     */
    public static Matrix hstack(java.util.List<Matrix> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("hstack needs at least one matrix");
        }
        int r = parts.get(0).rows;
        int c = 0;
        for (Matrix m : parts) {
            if (m.rows != r) {
                throw new IllegalArgumentException("hstack: a part has " + m.rows + " rows, expected " + r);
            }
            c += m.cols;
        }
        double[] d = new double[Math.multiplyExact(r, c)];
        int at = 0;
        for (Matrix m : parts) {
            System.arraycopy(m.data, 0, d, at, m.data.length);
            at += m.data.length;
        }
        return new Matrix(r, c, d);
    }

    private void requireSameShape(Matrix other, String what) {
        if (other.rows != rows || other.cols != cols) {
            throw new IllegalArgumentException("cannot " + what + " a " + other.rows + "x" + other.cols + " matrix to a "
                    + rows + "x" + cols + " matrix");
        }
    }

    /** @return e.g. {@code Matrix[3x4]} */
    @Override
    public String toString() {
        return "Matrix[" + rows + "x" + cols + "]";
    }
}
