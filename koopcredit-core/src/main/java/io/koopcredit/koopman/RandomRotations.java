package io.koopcredit.koopman;

import java.util.SplittableRandom;

/**
 * A random n × m matrix Q with orthonormal columns (1 ≤ m ≤ n), applied without being formed: the
 * structured alignment's building block ({@link AlignmentDistribution#STRUCTURED}).
 *
 * <p>{@code Q = T·P}: P places R^m on m coordinates of R^n (the first m of a random permutation, in that
 * order), and T is an orthogonal n × n transform made of plane rotations by random angles, arranged as a
 * butterfly: with L = ⌈log₂ n⌉, layer ℓ rotates every pair of coordinates (i, i + 2^ℓ) with bit ℓ of i clear
 * and i + 2^ℓ &lt; n, each by its own angle, uniform on [0, 2π). The layers run ℓ = 0 … L−1 and back
 * ℓ = L−1 … 0 (2L layers). For n a power of two the first L layers already make every output depend on
 * every input (the fast Walsh–Hadamard pattern); for other n the coordinates above the largest power of two
 * are reached through the return pass, so the 2L layers mix every coordinate with every other for any n.
 * Being a product of rotations, T is orthogonal for every n in exact arithmetic, and QᵀQ = PᵀTᵀTP = I_m;
 * in floating point each layer is a 2 × 2 rotation with error about ε, so ‖QᵀQ − I‖ grows like 2L·ε.
 *
 * <p>Storage: n·L cosines and sines and m indices (16384 × 14 × 2 doubles, 3.7 MiB, for n = 16384); a product
 * Q·v or Qᵀ·w costs 2L·n rotations (6 flops each) instead of the 2·n·m flops of a dense matrix.
 */
public final class RandomRotations {
    private final int n;
    private final int m;
    private final int[] columns;
    /** Per layer (in application order): its bit, and one cosine and sine per rotated pair in index order. */
    private final int[] bits;
    private final double[][] cos;
    private final double[][] sin;

    private RandomRotations(int n, int m, int[] columns, int[] bits, double[][] cos, double[][] sin) {
        this.n = n;
        this.m = m;
        this.columns = columns;
        this.bits = bits;
        this.cos = cos;
        this.sin = sin;
    }

    /**
     * Draws Q: first the m coordinates (a partial Fisher–Yates shuffle of 0 … n−1), then the angles layer by
     * layer in application order and pair order.
     *
     * @param n rows, at least 1
     * @param m columns, 1 to n
     * @param rng generator; advanced
     * @return the transform
     */
    public static RandomRotations draw(int n, int m, SplittableRandom rng) {
        if (n < 1 || m < 1 || m > n) {
            throw new IllegalArgumentException("random rotations need 1 <= m <= n, found n = " + n + ", m = " + m);
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] columns = java.util.Arrays.copyOf(perm, m);
        int levels = levels(n);
        int[] bits = new int[2 * levels];
        for (int l = 0; l < levels; l++) {
            bits[l] = 1 << l;
            bits[2 * levels - 1 - l] = 1 << l;
        }
        double[][] cos = new double[bits.length][];
        double[][] sin = new double[bits.length][];
        for (int l = 0; l < bits.length; l++) {
            int pairs = pairs(n, bits[l]);
            cos[l] = new double[pairs];
            sin[l] = new double[pairs];
            for (int p = 0; p < pairs; p++) {
                double angle = 2 * Math.PI * rng.nextDouble();
                cos[l][p] = Math.cos(angle);
                sin[l][p] = Math.sin(angle);
            }
        }
        return new RandomRotations(n, m, columns, bits, cos, sin);
    }

    /** @return ⌈log₂ n⌉, the number of bits that pair coordinates of R^n */
    static int levels(int n) {
        return 32 - Integer.numberOfLeadingZeros(n - 1);
    }

    /** @return how many pairs (i, i + bit) with bit clear in i and i + bit &lt; n a layer rotates */
    static int pairs(int n, int bit) {
        int count = 0;
        for (int base = 0; base < n; base += 2 * bit) {
            count += Math.max(0, Math.min(base + bit, n - bit) - base);
        }
        return count;
    }

    /** @return n, the rows */
    public int rows() {
        return n;
    }

    /** @return m, the columns */
    public int cols() {
        return m;
    }

    /** @return the number of rotation layers (2⌈log₂ n⌉) */
    public int layers() {
        return bits.length;
    }

    /**
     * Q·v for {@code count} vectors.
     *
     * @param v {@code count} vectors of m values, one after another; not modified
     * @param count number of vectors
     * @return {@code count} vectors of n values (a new array)
     */
    public double[] apply(double[] v, int count) {
        requireLength(v, m, count);
        double[] out = new double[Math.multiplyExact(n, count)];
        for (int c = 0; c < count; c++) {
            int base = c * n;
            for (int j = 0; j < m; j++) {
                out[base + columns[j]] = v[c * m + j];
            }
            rotate(out, base, false);
        }
        return out;
    }

    /**
     * Qᵀ·w for {@code count} vectors.
     *
     * @param w {@code count} vectors of n values, one after another; not modified
     * @param count number of vectors
     * @return {@code count} vectors of m values (a new array)
     */
    public double[] applyTranspose(double[] w, int count) {
        requireLength(w, n, count);
        double[] out = new double[Math.multiplyExact(m, count)];
        double[] work = new double[n];
        for (int c = 0; c < count; c++) {
            System.arraycopy(w, c * n, work, 0, n);
            rotate(work, 0, true);
            for (int j = 0; j < m; j++) {
                out[c * m + j] = work[columns[j]];
            }
        }
        return out;
    }

    private static void requireLength(double[] x, int width, int count) {
        if (count < 0 || x.length != (long) width * count) {
            throw new IllegalArgumentException("expected " + count + " vectors of " + width + " values, found "
                    + x.length + " values");
        }
    }

    /** Applies T (or Tᵀ, the layers in reverse order with the opposite angles) to x[base … base+n) in place. */
    private void rotate(double[] x, int base, boolean transpose) {
        for (int k = 0; k < bits.length; k++) {
            int l = transpose ? bits.length - 1 - k : k;
            int bit = bits[l];
            double[] c = cos[l];
            double[] s = sin[l];
            double sign = transpose ? -1.0 : 1.0;
            int p = 0;
            for (int start = 0; start < n; start += 2 * bit) {
                int end = Math.min(start + bit, n - bit);
                for (int i = start; i < end; i++) {
                    double a = x[base + i];
                    double b = x[base + i + bit];
                    double sp = sign * s[p];
                    x[base + i] = c[p] * a - sp * b;
                    x[base + i + bit] = sp * a + c[p] * b;
                    p++;
                }
            }
        }
    }
}
