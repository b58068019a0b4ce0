package io.koopcredit.koopman;

import io.koopcredit.store.ColumnStore;
import io.koopcredit.store.Element;
import io.koopcredit.store.MemoryColumns;

/**
 * Where the faithful estimator's scalable form keeps a trajectory's distinct states: column stores of float64
 * values (the blocks are iterated in float64 where ONNX Runtime can, so float32 would not hold them exactly),
 * in RAM or in spill files. Where a store lives changes no value read from it ({@link ColumnStore}), and the
 * DMD reads them in a fixed order of tiles ({@link StoredDmd}), so the placement changes no result.
 */
@FunctionalInterface
public interface SnapshotSpace {

    /**
     * A new store of states.
     *
     * @param rows values per state
     * @param cols states
     * @param name what it holds (for a spill file's name)
     * @return the store, float64; the caller closes it
     */
    ColumnStore columns(int rows, int cols, String name);

    /**
     * Called by {@link StoredDmd} once a trial's rank r is known and before it makes the factors whose size
     * follows from it (n × r and nOut × r): a space bound to a memory budget reserves them here, so that they
     * are reserved at the rank found rather than at a guess. The default does nothing.
     *
     * @param rank the rank the rank policy kept
     */
    default void rankFound(int rank) {
    }

    /** @return a space that keeps every store in RAM, without a budget (for tests and small blocks) */
    static SnapshotSpace inMemory() {
        return (rows, cols, name) -> new MemoryColumns(rows, cols, Element.FLOAT64);
    }
}
