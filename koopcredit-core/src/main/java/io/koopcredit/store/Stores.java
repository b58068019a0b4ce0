package io.koopcredit.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where one run keeps its large matrices: in RAM while the {@link MemoryBudget} has room for them, else in
 * files of a {@link Spill} folder made on first use. Which of the two a store gets changes no value read
 * from it (see {@link ColumnStore}).
 */
public final class Stores implements AutoCloseable {
    private final MemoryBudget budget;
    private final Path spillRoot;
    private Spill spill;
    private long spilledBytes;
    private int spilledStores;
    private long memoryBytes;

    /**
     * @param budget the run's budget; stores in RAM reserve against it
     * @param spillRoot where a spill folder is made when a store must go to disk
     */
    public Stores(MemoryBudget budget, Path spillRoot) {
        this.budget = Objects.requireNonNull(budget, "budget");
        this.spillRoot = Objects.requireNonNull(spillRoot, "spillRoot");
    }

    /** @return the budget */
    public MemoryBudget budget() {
        return budget;
    }

    /**
     * A new store: in RAM if {@code inMemory} and the budget has room for it now, else in a file.
     *
     * @param rows values per column
     * @param cols columns
     * @param element float32 or float64
     * @param name what it holds (for the spill file's name)
     * @param inMemory whether RAM is wanted (else the store goes to disk at once)
     * @return the store; closing it returns its memory
     */
    public ColumnStore create(int rows, int cols, Element element, String name, boolean inMemory) {
        long bytes = (long) rows * cols * element.bytes();
        if (inMemory) {
            MemoryBudget.Reservation r = budget.holdIfFree(bytes, 0);
            if (r != null) {
                MemoryColumns m = new MemoryColumns(rows, cols, element);
                m.attach(r);
                synchronized (this) {
                    memoryBytes += bytes;
                }
                return m;
            }
        }
        synchronized (this) {
            if (spill == null) {
                spill = Spill.open(spillRoot);
            }
            spilledBytes += bytes;
            spilledStores++;
            return spill.store(rows, cols, element, name);
        }
    }

    /** @return bytes put in files so far */
    public synchronized long spilledBytes() {
        return spilledBytes;
    }

    /** @return stores put in files so far */
    public synchronized int spilledStores() {
        return spilledStores;
    }

    /** @return bytes put in RAM so far */
    public synchronized long memoryBytes() {
        return memoryBytes;
    }

    /** @return bytes free where spill files go (0 if unknown) */
    public long usableDisk() {
        try {
            return java.nio.file.Files.getFileStore(spillRoot).getUsableSpace();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** Deletes the spill folder, if one was made. Stores in RAM are closed by their users. Idempotent. */
    @Override
    public synchronized void close() {
        if (spill != null) {
            spill.close();
        }
    }
}
