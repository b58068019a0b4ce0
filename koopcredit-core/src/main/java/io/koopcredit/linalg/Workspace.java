package io.koopcredit.linalg;

import org.bytedeco.javacpp.DoublePointer;

/**
 * Per-thread native buffers that BLAS/LAPACK calls reuse.
 *
 * <p>Why: handing a Java array to native code makes JavaCPP copy it into freshly allocated native memory
 * and back. glibc serves allocations above 32 MiB with fresh mmap pages every time, and touching those
 * pages cost more than the arithmetic: a 4704 × 1176 matrix-vector product took 136 ms instead of 1.75 ms
 * (measured, see README "Performance"). Buffers that live with the thread are faulted in once and then
 * reused, so each call costs one memcpy in and one out.
 */
final class Workspace {
    /** Slots: distinct buffers one routine may need at the same time. */
    static final int SLOTS = 6;

    private static final ThreadLocal<Workspace> LOCAL = ThreadLocal.withInitial(Workspace::new);

    static {
        // Every BLAS/LAPACK call loads its operands here first, so this runs before the first of them, whichever
        // class makes it: OpenBLAS's default (one thread per core) splits its products differently, so a
        // Tsqr fold made before Linalg was first used rounded differently from the same fold made after
        // (two runs of the same analysis differed by up to 2.5e-8 relative in their feature weights).
        Linalg.ensureBlasThreads();
    }

    private final DoublePointer[] buffers = new DoublePointer[SLOTS];

    private Workspace() {
    }

    /**
     * @param slot which buffer, 0 &lt;= slot &lt; SLOTS
     * @param values values to copy in; not modified
     * @return this thread's buffer for the slot, holding a copy of the values from position 0
     */
    static DoublePointer load(int slot, double[] values) {
        DoublePointer p = reserve(slot, values.length);
        p.put(values, 0, values.length);
        return p;
    }

    /**
     * @param slot which buffer
     * @param size values needed
     * @return this thread's buffer for the slot with room for {@code size} values (contents undefined)
     */
    static DoublePointer reserve(int slot, long size) {
        Workspace w = LOCAL.get();
        DoublePointer p = w.buffers[slot];
        long need = Math.max(1, size);
        if (p == null || p.capacity() < need) {
            if (p != null) {
                p.close();
            }
            p = new DoublePointer(need + need / 4);
            w.buffers[slot] = p;
        }
        p.position(0);
        return p;
    }

    /**
     * Buffers larger than this are freed by {@link #trim()}: 2²² values (32 MiB). Smaller ones stay with the
     * thread, which is what makes repeated small calls cheap; the large ones belong to large factorisations,
     * whose arithmetic dwarfs a fresh allocation, and keeping them would hold memory the budget has released.
     */
    static final long KEEP_VALUES = 1L << 22;

    /**
     * Frees this thread's buffers above {@link #KEEP_VALUES}, then asks the C library to give freed memory
     * back to the system (glibc's malloc_trim): LAPACKE's work arrays and ONNX Runtime's buffers freed into
     * malloc's arenas otherwise stay resident (the launcher also limits the arenas; a program that embeds
     * the library does not go through it).
     */
    static void trim() {
        Workspace w = LOCAL.get();
        for (int i = 0; i < SLOTS; i++) {
            if (w.buffers[i] != null && w.buffers[i].capacity() > KEEP_VALUES) {
                w.buffers[i].close();
                w.buffers[i] = null;
            }
        }
        org.bytedeco.javacpp.Pointer.trimMemory();
    }

    /**
     * @param p a buffer
     * @param size values to read from position 0
     * @return a new array with them
     */
    static double[] read(DoublePointer p, int size) {
        double[] out = new double[size];
        p.position(0).get(out, 0, size);
        return out;
    }
}
