package io.koopcredit.linalg;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

/**
 * The machine's measured matrix-multiplication ceiling: the rate of OpenBLAS DGEMM and SGEMM on square
 * operands in native memory, on {@link Linalg#BLAS_THREADS} BLAS thread per caller, as the analysis runs
 * them. For the scaling benchmark, which compares its GEMM-bound stages with it.
 */
public final class GemmCeiling {
    private GemmCeiling() {
    }

    /**
     * Measured rates.
     *
     * @param size the operands' order
     * @param threads callers multiplying at the same time
     * @param dgemm double-precision GFLOP/s, all callers together
     * @param sgemm single-precision GFLOP/s, all callers together
     */
    public record Rates(int size, int threads, double dgemm, double sgemm) {
    }

    /**
     * Measures both rates: {@code threads} threads each multiply two {@code size × size} matrices
     * {@code repeats} times, and the best of the repeats counts (2·size³ flops per product).
     *
     * @param size order of the matrices, 64..8192
     * @param threads threads multiplying at once, 1..64
     * @param repeats products per thread, 1..100
     * @return the rates
     */
    public static Rates measure(int size, int threads, int repeats) {
        if (size < 64 || size > 8192 || threads < 1 || threads > 64 || repeats < 1 || repeats > 100) {
            throw new IllegalArgumentException("GEMM ceiling: expected size 64..8192, threads 1..64, repeats 1..100,"
                    + " found " + size + ", " + threads + ", " + repeats);
        }
        Linalg.multiply(Matrix.wrap(1, 1, new double[] {1}), Matrix.wrap(1, 1, new double[] {1}));
        double d = rate(size, threads, repeats, true);
        double s = rate(size, threads, repeats, false);
        return new Rates(size, threads, d, s);
    }

    private static double rate(int size, int threads, int repeats, boolean dbl) {
        double[] best = new double[threads];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            final int id = t;
            workers[t] = new Thread(() -> best[id] = bestSeconds(size, repeats, dbl), "gemm-ceiling-" + t);
            workers[t].start();
        }
        double seconds = 0;
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring the GEMM ceiling", e);
            }
        }
        for (double b : best) {
            seconds = Math.max(seconds, b);
        }
        return threads * 2.0 * size * size * (double) size / seconds / 1e9;
    }

    /** The fastest of {@code repeats} products on this thread, in seconds. */
    private static double bestSeconds(int size, int repeats, boolean dbl) {
        long n = (long) size * size;
        double best = Double.MAX_VALUE;
        if (dbl) {
            try (DoublePointer a = new DoublePointer(n); DoublePointer b = new DoublePointer(n);
                 DoublePointer c = new DoublePointer(n)) {
                fill(a, b, n);
                for (int r = 0; r < repeats; r++) {
                    long t0 = System.nanoTime();
                    openblas.cblas_dgemm(openblas.CblasColMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, size,
                            size, size, 1.0, a, size, b, size, 0.0, c, size);
                    best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                }
            }
        } else {
            try (FloatPointer a = new FloatPointer(n); FloatPointer b = new FloatPointer(n);
                 FloatPointer c = new FloatPointer(n)) {
                for (long i = 0; i < n; i++) {
                    a.put(i, (float) ((i * 7 % 13) - 6) / 6f);
                    b.put(i, (float) ((i * 5 % 11) - 5) / 5f);
                }
                for (int r = 0; r < repeats; r++) {
                    long t0 = System.nanoTime();
                    openblas.cblas_sgemm(openblas.CblasColMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, size,
                            size, size, 1f, a, size, b, size, 0f, c, size);
                    best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                }
            }
        }
        return best;
    }

    private static void fill(DoublePointer a, DoublePointer b, long n) {
        for (long i = 0; i < n; i++) {
            a.put(i, ((i * 7 % 13) - 6) / 6.0);
            b.put(i, ((i * 5 % 11) - 5) / 5.0);
        }
    }
}
