package io.koopcredit.koopman;

import io.koopcredit.store.ColumnStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The distinct states of one step-delay embedding as the columns of a growing matrix (rows = the state's
 * dimensions), kept in column stores of a few columns each (chunks), made from a {@link SnapshotSpace} as the
 * states come: how many states a trajectory stores is known only when it ends. Read back by column (a state
 * compared on a hash match) or by tiles of rows across every column (the DMD's passes).
 *
 * <p>Not thread-safe: one per embedding.
 */
public final class StateColumns implements AutoCloseable {
    /** Values per chunk at most: 2²³ (64 MiB of doubles); at least one column per chunk. */
    static final long CHUNK_VALUES = 1L << 23;

    /** Columns per chunk at most, for narrow states. */
    static final int CHUNK_COLUMNS = 64;

    private final int rows;
    private final int perChunk;
    private final SnapshotSpace space;
    private final String name;
    private final List<ColumnStore> chunks = new ArrayList<>();
    private int count;

    /**
     * @param rows values per state, at least 1
     * @param space where chunks are made
     * @param name what the states are (for spill files' names)
     */
    public StateColumns(int rows, SnapshotSpace space, String name) {
        if (rows < 1) {
            throw new IllegalArgumentException("states need at least one value, found " + rows);
        }
        this.rows = rows;
        this.perChunk = chunkColumns(rows);
        this.space = java.util.Objects.requireNonNull(space, "space");
        this.name = name;
    }

    /**
     * @param rows values per state
     * @return columns per chunk: 2²³ / rows, from 1 to {@link #CHUNK_COLUMNS}
     */
    static int chunkColumns(int rows) {
        return (int) Math.max(1, Math.min(CHUNK_COLUMNS, CHUNK_VALUES / rows));
    }

    /** @return values per state */
    public int rows() {
        return rows;
    }

    /** @return states stored */
    public int count() {
        return count;
    }

    /** @return true if every chunk is in RAM (also when there is none) */
    public boolean inMemory() {
        return chunks.stream().allMatch(ColumnStore::inMemory);
    }

    /**
     * Appends a state.
     *
     * @param y {@link #rows()} values; not modified
     * @return its column
     */
    public int add(double[] y) {
        if (y.length != rows) {
            throw new IllegalArgumentException("a state of " + rows + " values expected, found " + y.length);
        }
        int col = count;
        if (col % perChunk == 0) {
            chunks.add(space.columns(rows, perChunk, name + "-" + chunks.size()));
        }
        chunks.get(col / perChunk).putColumns(col % perChunk, y, 0, 1);
        count++;
        return col;
    }

    /**
     * @param col a stored column
     * @return its values, a new array
     */
    public double[] get(int col) {
        if (col < 0 || col >= count) {
            throw new IndexOutOfBoundsException("state " + col + " of " + count);
        }
        double[] out = new double[rows];
        chunks.get(col / perChunk).getColumns(col % perChunk, 1, out, 0);
        return out;
    }

    /**
     * Reads rows {@code from..to-1} of every stored column.
     *
     * @param from first row, inclusive
     * @param to last row, exclusive
     * @param into receives the {@code (to − from) × count()} tile, column-major; modified
     */
    public void tile(int from, int to, double[] into) {
        int h = to - from;
        if (into.length < (long) h * count) {
            throw new IllegalArgumentException("a tile of " + h + " x " + count + " needs " + (long) h * count
                    + " values, found room for " + into.length);
        }
        double[] part = null;
        for (int c = 0; c < chunks.size(); c++) {
            int first = c * perChunk;
            int k = Math.min(perChunk, count - first);
            if (part == null || part.length != h * k) {
                part = new double[h * k];
            }
            chunks.get(c).getTile(from, to, 0, k, part);
            System.arraycopy(part, 0, into, first * h, h * k);
        }
    }

    /** Frees the chunks (RAM or files). Idempotent. */
    @Override
    public void close() {
        for (ColumnStore s : chunks) {
            s.close();
        }
        chunks.clear();
    }
}
