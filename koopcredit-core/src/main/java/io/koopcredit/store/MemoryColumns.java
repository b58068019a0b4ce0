package io.koopcredit.store;

/**
 * A {@link ColumnStore} in RAM: float or double arrays of whole columns, each array at most
 * {@link #SEGMENT_VALUES} values (Java arrays hold fewer than 2³¹).
 */
public final class MemoryColumns extends ColumnStore {
    /** Values per array: 2²⁸ (1 GiB of floats, 2 GiB of doubles). */
    static final int SEGMENT_VALUES = 1 << 28;

    private final int colsPerSegment;
    private float[][] floats;
    private double[][] doubles;

    /**
     * @param rows values per column
     * @param cols columns
     * @param element float32 or float64
     */
    public MemoryColumns(int rows, int cols, Element element) {
        super(rows, cols, element);
        colsPerSegment = rows == 0 ? Math.max(1, cols) : Math.max(1, SEGMENT_VALUES / rows);
        int segments = cols == 0 ? 0 : (cols + colsPerSegment - 1) / colsPerSegment;
        if (element == Element.FLOAT32) {
            floats = new float[segments][];
            for (int s = 0; s < segments; s++) {
                floats[s] = new float[Math.multiplyExact(rows, Math.min(colsPerSegment, cols - s * colsPerSegment))];
            }
        } else {
            doubles = new double[segments][];
            for (int s = 0; s < segments; s++) {
                doubles[s] = new double[Math.multiplyExact(rows, Math.min(colsPerSegment, cols - s * colsPerSegment))];
            }
        }
    }

    @Override
    public boolean inMemory() {
        return true;
    }

    @Override
    public void putColumns(int first, float[] values, int offset, int count) {
        check(first, count, values.length - (long) offset, (long) count * rows());
        int n = rows();
        for (int c = 0; c < count; c++) {
            int col = first + c;
            int base = (col % colsPerSegment) * n;
            int src = offset + c * n;
            if (floats != null) {
                System.arraycopy(values, src, floats[col / colsPerSegment], base, n);
            } else {
                double[] d = doubles[col / colsPerSegment];
                for (int i = 0; i < n; i++) {
                    d[base + i] = values[src + i];
                }
            }
        }
    }

    @Override
    public void putColumns(int first, double[] values, int offset, int count) {
        check(first, count, values.length - (long) offset, (long) count * rows());
        int n = rows();
        for (int c = 0; c < count; c++) {
            int col = first + c;
            int base = (col % colsPerSegment) * n;
            int src = offset + c * n;
            if (doubles != null) {
                System.arraycopy(values, src, doubles[col / colsPerSegment], base, n);
            } else {
                float[] f = floats[col / colsPerSegment];
                for (int i = 0; i < n; i++) {
                    f[base + i] = (float) values[src + i];
                }
            }
        }
    }

    @Override
    public void getColumns(int first, int count, double[] into, int offset) {
        check(first, count, into.length - (long) offset, (long) count * rows());
        int n = rows();
        for (int c = 0; c < count; c++) {
            copy(first + c, 0, n, into, offset + c * n);
        }
    }

    @Override
    public void getTile(int from, int to, int first, int count, double[] into) {
        checkRows(from, to);
        int h = to - from;
        check(first, count, into.length, (long) h * count);
        for (int c = 0; c < count; c++) {
            copy(first + c, from, h, into, c * h);
        }
    }

    private void copy(int col, int from, int h, double[] into, int at) {
        int base = (col % colsPerSegment) * rows() + from;
        if (doubles != null) {
            System.arraycopy(doubles[col / colsPerSegment], base, into, at, h);
        } else {
            float[] f = floats[col / colsPerSegment];
            for (int i = 0; i < h; i++) {
                into[at + i] = f[base + i];
            }
        }
    }

    @Override
    void release() {
        floats = null;
        doubles = null;
    }
}
