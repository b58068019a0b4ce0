package io.koopcredit.store;

import io.koopcredit.base.InvalidOptionException;
import java.lang.management.ManagementFactory;

/**
 * The memory an analysis may use, and the reservations against it (the option {@code memory}, on the
 * command line {@code --memory SIZE}).
 *
 * <p>The budget covers the whole process: the JVM's heap and its own overhead, ONNX Runtime's native
 * memory and the native buffers of BLAS/LAPACK. By default it is {@link #DEFAULT_SHARE} of the physical
 * memory. The launcher ({@code ./koopcredit}) gives the JVM a maximum heap of {@link #HEAP_SHARE} of the
 * budget and leaves the rest for native memory; this class also respects whatever maximum heap the JVM
 * actually has.
 *
 * <p>Work reserves what it will hold before it starts ({@link #reserve}): memory that stays for the whole
 * run (the data, the ONNX Runtime sessions: {@link #fix}) and memory of one task (a block's estimation,
 * a tile of a factorisation). A reservation that can never be granted is a user error naming the work, the
 * need and the budget; one that cannot be granted yet waits until other tasks release theirs. Since every
 * task reserves everything at once before it starts and holds no reservation while waiting, tasks cannot
 * deadlock. Reservations decide only when work runs and whether a store lives in RAM or on disk, never what
 * is computed: results do not depend on the budget.
 */
public final class MemoryBudget {
    /** Default budget: half the physical memory, leaving the rest to the system and other programs. */
    public static final double DEFAULT_SHARE = 0.5;

    /** The launcher's maximum heap as a share of the budget; the rest is native memory. */
    public static final double HEAP_SHARE = 0.625;

    /**
     * The JVM's own memory outside the heap (class metadata, compiled code, thread stacks, the garbage
     * collector's structures): about 150 MiB measured for this program; 192 MiB reserved.
     */
    public static final long JVM_OVERHEAD = 192L << 20;

    /** The share of the maximum heap live data may fill: the collector needs room to work. */
    public static final double HEAP_HEADROOM = 0.85;

    /** The smallest budget accepted: the JVM and one small model. */
    public static final long MINIMUM = 256L << 20;

    private final long total;
    private final boolean explicit;
    private final long heapCapacity;
    private long fixedHeap;
    private long fixedNative;
    private final StringBuilder fixedWhat = new StringBuilder();
    private long heapReserved;
    private long nativeReserved;
    private long heapHeld;
    private long nativeHeld;
    /** Open task reservations ({@link #reserve}). */
    private int tasks;
    /** The tickets of the tasks waiting in {@link Reservation#extend}, in the order they began to wait. */
    private final java.util.TreeSet<Long> extending = new java.util.TreeSet<>();
    private long extensionTickets;

    private MemoryBudget(long total, boolean explicit, long maxHeap) {
        this.total = total;
        this.explicit = explicit;
        this.heapCapacity = (long) (HEAP_HEADROOM * Math.min(maxHeap, total));
    }

    /**
     * @param bytes the budget
     * @return a budget of that size for this JVM
     * @throws InvalidOptionException if it is below {@link #MINIMUM}
     */
    public static MemoryBudget of(long bytes) {
        if (bytes < MINIMUM) {
            throw new InvalidOptionException("memory", "expected at least " + MemorySize.format(MINIMUM)
                    + " (the JVM's own overhead is " + MemorySize.format(JVM_OVERHEAD) + "), found "
                    + MemorySize.format(bytes));
        }
        return new MemoryBudget(bytes, true, Runtime.getRuntime().maxMemory());
    }

    /**
     * @param limit the {@code memory} option
     * @return a budget of its size for this JVM
     */
    public static MemoryBudget of(MemoryLimit limit) {
        MemoryBudget b = of(limit.bytes());
        return new MemoryBudget(b.total, !limit.byDefault(), Runtime.getRuntime().maxMemory());
    }

    /**
     * @param bytes the budget
     * @param maxHeap the JVM's maximum heap to plan with
     * @return a budget for a JVM with that heap (for tests and planning)
     */
    public static MemoryBudget of(long bytes, long maxHeap) {
        MemoryBudget b = of(bytes);
        return new MemoryBudget(b.total, true, maxHeap);
    }

    /** @return the default budget: {@link #DEFAULT_SHARE} of the physical memory */
    public static MemoryBudget defaults() {
        return new MemoryBudget(Math.max(MINIMUM, defaultBytes()), false, Runtime.getRuntime().maxMemory());
    }

    /** @return {@link #DEFAULT_SHARE} of the physical memory */
    public static long defaultBytes() {
        return (long) (DEFAULT_SHARE * physicalBytes());
    }

    /** @return the physical memory of the machine (or of the container the JVM runs in) */
    public static long physicalBytes() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory() * 2;
    }

    /** @return the budget in bytes */
    public long total() {
        return total;
    }

    /** @return true if the user set it, false for the default share of physical memory */
    public boolean explicit() {
        return explicit;
    }

    /** @return how much live data the heap may hold: {@link #HEAP_HEADROOM} of the smaller of max heap and budget */
    public long heapCapacity() {
        return heapCapacity;
    }

    /** @return bytes fixed on the heap for the whole run */
    public synchronized long fixedHeap() {
        return fixedHeap;
    }

    /** @return bytes fixed for the whole run, the JVM's overhead included */
    public synchronized long fixed() {
        return JVM_OVERHEAD + fixedHeap + fixedNative;
    }

    /** @return what the fixed bytes are, e.g. {@code "the data, 2 ONNX Runtime sessions"} */
    public synchronized String fixedDescription() {
        return fixedWhat.length() == 0 ? "the JVM" : "the JVM, " + fixedWhat;
    }

    /**
     * @return the most one task can ever reserve: the budget minus the fixed bytes, limited by the heap
     *     for its heap part
     */
    public synchronized long taskCapacity() {
        return total - fixed();
    }

    /**
     * Reserves memory for the rest of the run (data, sessions).
     *
     * @param heap bytes on the heap
     * @param offHeap bytes outside it
     * @param what what it is for, e.g. {@code the data (2000 samples)}
     * @throws InvalidOptionException naming the fixed overhead if the budget cannot hold it
     */
    public synchronized void fix(long heap, long offHeap, String what) {
        if (fixed() + heap + offHeap > total || fixedHeap + heap > heapCapacity) {
            boolean heapBound = fixedHeap + heap > heapCapacity && fixed() + heap + offHeap <= total;
            throw new InvalidOptionException("memory", "expected a budget larger than the fixed overhead: "
                    + fixedDescription() + " and " + what + " need " + MemorySize.format(fixed() + heap + offHeap)
                    + (heapBound ? " with " + MemorySize.format(fixedHeap + heap) + " on the Java heap" : "")
                    + ", found a budget of " + MemorySize.format(total)
                    + (heapBound ? " and a usable heap of " + MemorySize.format(heapCapacity) : ""));
        }
        fixedHeap += heap;
        fixedNative += offHeap;
        if (fixedWhat.length() > 0) {
            fixedWhat.append(", ");
        }
        fixedWhat.append(what);
    }

    /**
     * Thrown by {@link Reservation#extend} to the youngest of tasks that all wait to extend their reservations,
     * none of which could ever go on: that task must give up its work, close its reservation and start again
     * (its result is the same: a task's work depends on its inputs, not on when it runs). The others then
     * find the memory it held.
     */
    public static final class Contention extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Contention(String what) {
            super(what + ": every task holding memory waits for more; this one gives way and runs again", null, false,
                    false);
        }
    }

    /** Memory held by one task (or a store, see {@link #holdIfFree}); close it when done. */
    public final class Reservation implements AutoCloseable {
        private final long heap;
        private final long offHeap;
        private final boolean held;
        private final boolean task;
        private boolean released;

        private Reservation(long heap, long offHeap, boolean held) {
            this(heap, offHeap, held, false);
        }

        private Reservation(long heap, long offHeap, boolean held, boolean task) {
            this.heap = heap;
            this.offHeap = offHeap;
            this.held = held;
            this.task = task;
        }

        /**
         * More memory for this task, once it knows how much (e.g. factors sized by a rank found on the way),
         * waiting while other running tasks hold what it needs. A task waits here only while some other task
         * that is not itself waiting to extend holds a reservation (it will release it); if every task holding
         * memory waits to extend, the youngest of them gets {@link Contention} and must start again.
         *
         * @param heap more bytes on the heap
         * @param offHeap more bytes outside it
         * @param what the work, naming the block and why it needs more
         * @return the extension, released when closed (close it no later than this reservation)
         * @throws InvalidOptionException if this task with the extension could never run: it needs more than
         *     the budget beside the fixed and held bytes
         * @throws Contention if this task must give way
         */
        public Reservation extend(long heap, long offHeap, String what) {
            synchronized (MemoryBudget.this) {
                if (!task || released) {
                    throw new IllegalStateException("only an open task reservation can be extended");
                }
                requirePossible(this.heap + heap, this.offHeap + offHeap, what);
                Long ticket = ++extensionTickets;
                extending.add(ticket);
                try {
                    while (!fits(heap, offHeap)) {
                        if (extending.size() >= tasks) {
                            if (tasks == 1) {
                                // No other task will release anything: what blocks it is this task's own.
                                throw new InvalidOptionException("memory", what + " needs " + MemorySize.format(heap
                                        + offHeap) + " more beside what this task already holds ("
                                        + MemorySize.format(this.heap + this.offHeap) + "), found a budget of "
                                        + MemorySize.format(total) + "; expected a larger budget");
                            }
                            if (ticket.equals(extending.last())) {
                                throw new Contention(what);
                            }
                        }
                        try {
                            MemoryBudget.this.wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("interrupted while waiting for memory", e);
                        }
                    }
                } finally {
                    extending.remove(ticket);
                    MemoryBudget.this.notifyAll();
                }
                heapReserved += heap;
                nativeReserved += offHeap;
                return new Reservation(heap, offHeap, false);
            }
        }

        /** @return the bytes reserved */
        public long bytes() {
            return heap + offHeap;
        }

        /** Returns the memory. Idempotent. */
        @Override
        public void close() {
            synchronized (MemoryBudget.this) {
                if (!released) {
                    released = true;
                    heapReserved -= heap;
                    nativeReserved -= offHeap;
                    if (task) {
                        tasks--;
                    }
                    if (held) {
                        heapHeld -= heap;
                        nativeHeld -= offHeap;
                    }
                    MemoryBudget.this.notifyAll();
                }
            }
        }
    }

    /**
     * Reserves memory for one task, waiting while other tasks hold what it needs.
     *
     * @param heap bytes on the heap
     * @param offHeap bytes outside it
     * @param what the work, naming the block, e.g. {@code block conv1 (estimating trial 3 of 10)}
     * @return the reservation
     * @throws InvalidOptionException if the task needs more than the budget can ever give it
     */
    public Reservation reserve(long heap, long offHeap, String what) {
        return waitFor(heap, offHeap, what, false);
    }

    /** Waits until the memory fits, then reserves it (held: also counted as held for the stage). */
    private synchronized Reservation waitFor(long heap, long offHeap, String what, boolean held) {
        requirePossible(heap, offHeap, what);
        // A new task also waits while a running one waits to extend its reservation, which comes first.
        while (!fits(heap, offHeap) || (!held && !extending.isEmpty())) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for memory", e);
            }
        }
        heapReserved += heap;
        nativeReserved += offHeap;
        if (held) {
            heapHeld += heap;
            nativeHeld += offHeap;
        } else {
            tasks++;
        }
        return new Reservation(heap, offHeap, held, !held);
    }

    /**
     * Reserves memory if it is free now, without waiting (for work that can go elsewhere, such as a store
     * that can live on disk).
     *
     * @param heap bytes on the heap
     * @param offHeap bytes outside it
     * @return the reservation, or null if the memory is not free now
     */
    public synchronized Reservation tryReserve(long heap, long offHeap) {
        if (!fits(heap, offHeap)) {
            return null;
        }
        heapReserved += heap;
        nativeReserved += offHeap;
        return new Reservation(heap, offHeap, false);
    }

    /**
     * Reserves memory for something that stays a long time (results kept for the rest of a stage), waiting
     * while tasks hold it; tasks that follow must fit beside it.
     *
     * @param heap bytes on the heap
     * @param offHeap bytes outside it
     * @param what what it holds
     * @return the reservation
     * @throws InvalidOptionException if it can never fit
     */
    public Reservation hold(long heap, long offHeap, String what) {
        return waitFor(heap, offHeap, what, true);
    }

    /**
     * Reserves memory for something that stays a long time (a store kept in RAM for the rest of a stage),
     * if it is free now. Tasks cannot wait for it: a task too large to fit beside what is held fails at once
     * instead of waiting for memory that will not come back soon.
     *
     * @param heap bytes on the heap
     * @param offHeap bytes outside it
     * @return the reservation, or null if the memory is not free now
     */
    public synchronized Reservation holdIfFree(long heap, long offHeap) {
        if (!fits(heap, offHeap)) {
            return null;
        }
        heapReserved += heap;
        nativeReserved += offHeap;
        heapHeld += heap;
        nativeHeld += offHeap;
        return new Reservation(heap, offHeap, true);
    }

    /**
     * @param heap bytes on the heap
     * @param offHeap bytes outside it
     * @return true if a task of this size could ever run (alone)
     */
    public synchronized boolean possible(long heap, long offHeap) {
        return fixed() + heapHeld + nativeHeld + heap + offHeap <= total && fixedHeap + heapHeld + heap <= heapCapacity;
    }

    /**
     * @param heap bytes on the heap
     * @param offHeap bytes outside it
     * @param what the work
     * @throws InvalidOptionException if a task of this size can never run
     */
    public synchronized void requirePossible(long heap, long offHeap, String what) {
        if (possible(heap, offHeap)) {
            return;
        }
        long held = heapHeld + nativeHeld;
        String kept = held > 0 ? " and " + MemorySize.format(held) + " holds values kept in RAM" : "";
        if (fixed() + held + heap + offHeap <= total) {
            long maxHeap = (long) (heapCapacity / HEAP_HEADROOM);
            throw new InvalidOptionException("memory", what + " needs " + MemorySize.format(heap) + " on the Java heap ("
                    + MemorySize.format(heap + offHeap) + " in all), found a usable heap of "
                    + MemorySize.format(heapCapacity) + " (" + Math.round(100 * HEAP_HEADROOM) + "% of a maximum heap of "
                    + MemorySize.format(maxHeap) + ") of which " + MemorySize.format(fixedHeap) + " is fixed" + kept
                    + "; expected a larger heap (the launcher gives the JVM " + Math.round(100 * HEAP_SHARE)
                    + "% of --memory) or fewer samples");
        }
        throw new InvalidOptionException("memory", what + " needs " + MemorySize.format(heap + offHeap)
                + ", found a budget of " + MemorySize.format(total) + " of which " + MemorySize.format(fixed())
                + " is fixed (" + fixedDescription() + ")" + kept + "; expected a larger budget or fewer samples");
    }

    private boolean fits(long heap, long offHeap) {
        return fixed() + heapReserved + nativeReserved + heap + offHeap <= total
                && fixedHeap + heapReserved + heap <= heapCapacity;
    }

    /** @return bytes reserved by running tasks now */
    public synchronized long reserved() {
        return heapReserved + nativeReserved;
    }

    @Override
    public String toString() {
        return "MemoryBudget[" + MemorySize.format(total) + (explicit ? "" : " (default)") + ", fixed "
                + MemorySize.format(fixed()) + ", heap capacity " + MemorySize.format(heapCapacity) + "]";
    }
}
