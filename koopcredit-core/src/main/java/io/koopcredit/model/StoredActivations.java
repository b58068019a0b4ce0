package io.koopcredit.model;

import io.koopcredit.store.ColumnStore;
import java.util.List;

/**
 * The real inputs and outputs of every block for a set of samples, from one pass of the full network, kept
 * in {@link ColumnStore}s (one per block boundary, a column per sample, in RAM or on disk): the form of
 * {@link BlockActivations} that scales to wide blocks and many samples. Boundary 0 is the input of block 0;
 * boundary i+1 is the output of block i and the input of block i+1. The values are the network's float32
 * activations, kept exactly.
 *
 * @param count number of samples
 * @param boundaries m+1 stores for a partition of m blocks, each with {@code count} columns; owned (closed
 *     with this object)
 */
public record StoredActivations(int count, List<ColumnStore> boundaries) implements AutoCloseable {

    /** Validates the shapes. */
    public StoredActivations {
        boundaries = List.copyOf(boundaries);
        if (count < 1 || boundaries.size() < 2) {
            throw new IllegalArgumentException("activations need a sample and two boundaries, found " + count
                    + " and " + boundaries.size());
        }
        for (ColumnStore s : boundaries) {
            if (s.cols() != count) {
                throw new IllegalArgumentException("a boundary store has " + s.cols() + " columns, expected " + count);
            }
        }
    }

    /** @return the store of block i's inputs (rows: nIn_i) */
    public ColumnStore input(int i) {
        return boundaries.get(i);
    }

    /** @return the store of block i's outputs (rows: nOut_i) */
    public ColumnStore output(int i) {
        return boundaries.get(i + 1);
    }

    /** @return the number of blocks */
    public int blockCount() {
        return boundaries.size() - 1;
    }

    /** @return bytes held in RAM by the stores */
    public long memoryBytes() {
        return boundaries.stream().filter(ColumnStore::inMemory).mapToLong(ColumnStore::bytes).sum();
    }

    /**
     * @return every boundary as one double array (the form of the dense computations; needs
     *     Σ widths · count doubles)
     */
    public BlockActivations toArrays() {
        return new BlockActivations(count, boundaries.stream().map(ColumnStore::toArray).toList());
    }

    /** Closes every store. */
    @Override
    public void close() {
        boundaries.forEach(ColumnStore::close);
    }
}
