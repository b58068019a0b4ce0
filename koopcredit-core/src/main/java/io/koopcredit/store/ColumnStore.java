package io.koopcredit.store;

/**
 * A rows × cols matrix kept column after column, in RAM ({@link #inMemory()}) or in a file of a
 * {@link Spill} folder: the block activations of many samples (a column per sample) or the tall factors of
 * a large operator. Filled by columns, read by columns (samples) or by row ranges across all columns
 * (tiles), always as doubles. Where the values live never changes what is read: both kinds return the same
 * doubles, so a memory budget that moves a store to disk changes no result.
 *
 * <p>Writes to disjoint columns may run concurrently; reads may run concurrently with each other once the
 * columns read have been written (and the writes are visible, e.g. through a join). Close to free the
 * memory or delete the file.
 */
public abstract sealed class ColumnStore implements AutoCloseable permits MemoryColumns, FileColumns {
    private final int rows;
    private final int cols;
    private final Element element;
    private volatile AutoCloseable attached;

    ColumnStore(int rows, int cols, Element element) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("store extents must be >= 0, found " + rows + "x" + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.element = java.util.Objects.requireNonNull(element, "element");
    }

    /** @return rows: values per column */
    public final int rows() {
        return rows;
    }

    /** @return columns */
    public final int cols() {
        return cols;
    }

    /** @return how values are kept */
    public final Element element() {
        return element;
    }

    /** @return bytes the values take */
    public final long bytes() {
        return (long) rows * cols * element.bytes();
    }

    /** @return true if the values are in RAM, false if in a file */
    public abstract boolean inMemory();

    /**
     * Stores columns.
     *
     * @param first the first column to write
     * @param values {@code count * rows()} values, column after column, from {@code offset}; not modified
     * @param offset where the first value is
     * @param count columns to write
     */
    public abstract void putColumns(int first, float[] values, int offset, int count);

    /**
     * Stores columns; a float32 store keeps each value rounded to float.
     *
     * @param first the first column to write
     * @param values {@code count * rows()} values, column after column, from {@code offset}; not modified
     * @param offset where the first value is
     * @param count columns to write
     */
    public abstract void putColumns(int first, double[] values, int offset, int count);

    /**
     * Reads columns.
     *
     * @param first the first column
     * @param count how many
     * @param into receives {@code count * rows()} values, column after column, from {@code offset}; modified
     * @param offset where to put the first value
     */
    public abstract void getColumns(int first, int count, double[] into, int offset);

    /**
     * Reads a tile: rows {@code from..to-1} of columns {@code first..first+count-1}.
     *
     * @param from the first row, inclusive
     * @param to the last row, exclusive
     * @param first the first column
     * @param count how many columns
     * @param into receives the {@code (to - from) × count} tile in column-major order (a column's rows
     *     together); modified
     */
    public abstract void getTile(int from, int to, int first, int count, double[] into);

    /** @return a new array with every value, column after column (for stores that fit one array) */
    public final double[] toArray() {
        double[] out = new double[Math.toIntExact((long) rows * cols)];
        getColumns(0, cols, out, 0);
        return out;
    }

    /** Frees the memory or deletes the file, and releases what was attached to it. Idempotent. */
    @Override
    public final void close() {
        release();
        AutoCloseable a = attached;
        attached = null;
        if (a != null) {
            try {
                a.close();
            } catch (Exception e) {
                throw new IllegalStateException("releasing " + this + ": " + e, e);
            }
        }
    }

    /** Frees the values. Idempotent. */
    abstract void release();

    /** @param resource closed when this store is closed (its memory reservation) */
    void attach(AutoCloseable resource) {
        this.attached = resource;
    }

    void check(int first, int count, long available, long needed) {
        if (first < 0 || count < 0 || first + (long) count > cols) {
            throw new IndexOutOfBoundsException("columns " + first + ".." + (first + (long) count) + " of " + cols);
        }
        if (available < needed) {
            throw new IllegalArgumentException("expected " + needed + " values, found room for " + available);
        }
    }

    void checkRows(int from, int to) {
        if (from < 0 || to < from || to > rows) {
            throw new IndexOutOfBoundsException("rows " + from + ".." + to + " of " + rows);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + rows + "x" + cols + " " + element + ", " + MemorySize.format(bytes())
                + "]";
    }
}
