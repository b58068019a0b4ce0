package io.koopcredit.koopman;

import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.linalg.Svd;
import io.koopcredit.linalg.Tsqr;

/**
 * {@link Dmd} on snapshots whose states live in column stores ({@link StoredSnapshots}): the faithful
 * estimator's scalable form, for blocks whose snapshot matrix Y (n × p) need not fit in memory.
 *
 * <p>Y is read in tiles of rows, a fixed number for a given p and always in the same order, twice:
 * <ol>
 *   <li>into the R factor of a tall-and-skinny QR ({@link Tsqr}, LAPACK dtpqrt), Y = Q·R with R p × p. The
 *       SVD of R = U_R·Σ·Vᵀ gives Y's singular values Σ and right singular vectors V, backward stably (as
 *       accurately as the SVD of Y itself); the Gram matrix YᵀY, which has the same Σ² and V on paper, would
 *       square Y's condition number (10¹⁰–10¹³ on the bundled models) and lose the small singular values the
 *       rank policy keeps. The rank policy decides r from the same inputs as {@link Dmd#fit}: the singular
 *       values, Y's rows, the nominal column count and the noise floor δ·‖Y‖_F.</li>
 *   <li>into the factors, each tile's rows of U_r = Y·V_r·Σ_r⁻¹ (the kept left singular vectors, Q·U_R on
 *       paper, without storing Q) and of Y′·V_r·Σ_r⁻¹ (n × r each, in memory: r is at most a few dozen).</li>
 * </ol>
 * The tiles depend on p alone and every value read is the same double whether the states are in RAM or on
 * disk, so the fit does not depend on the memory budget. It differs from the SVD form's in the last bits
 * (another factorisation): credits within 10⁻⁸ relative on resnet14-fashion (a test).
 */
public final class StoredDmd {
    /** Values of Y per tile at most: 2²² (32 MiB of doubles); the rows of a tile follow from p. */
    static final int TILE_VALUES = 1 << 22;

    /** Rows per tile at least. */
    static final int MIN_TILE_ROWS = 16;

    private StoredDmd() {
    }

    /**
     * @param columns the larger of the pair count p and the stored states
     * @return rows per tile: 2²² / columns, at least {@link #MIN_TILE_ROWS}
     */
    public static int tileRows(int columns) {
        return Math.max(MIN_TILE_ROWS, TILE_VALUES / Math.max(1, columns));
    }

    /**
     * Fits K̃ with Y′ ≈ K̃·Y over the stored pairs.
     *
     * @param snap the pairs and their states; not modified (not closed)
     * @param policy how many singular values of Y to keep
     * @param noise δ, the relative rounding of the snapshots ({@link NoiseModel})
     * @return the factored fit, as {@link Dmd#fit} gives it
     */
    public static Dmd.Fit fit(StoredSnapshots snap, RankPolicy policy, double noise) {
        return fit(snap, policy, noise, r -> { });
    }

    /**
     * {@link #fit(StoredSnapshots, RankPolicy, double)}, telling {@code rankFound} the rank before the factors
     * are made.
     *
     * @param rankFound called once with r, before the n × r factors are allocated (it may throw to stop the fit)
     */
    public static Dmd.Fit fit(StoredSnapshots snap, RankPolicy policy, double noise,
                              java.util.function.IntConsumer rankFound) {
        return fit(snap, policy, noise, tileRows(Math.max(snap.distinctPairs(), snap.states().count())), rankFound);
    }

    /** {@link #fit(StoredSnapshots, RankPolicy, double, int, java.util.function.IntConsumer)} telling no one. */
    static Dmd.Fit fit(StoredSnapshots snap, RankPolicy policy, double noise, int step) {
        return fit(snap, policy, noise, step, r -> { });
    }

    /**
     * {@link #fit(StoredSnapshots, RankPolicy, double)} with tiles of a given height (tests: other tiles give
     * the same fit up to rounding, not bit for bit).
     */
    static Dmd.Fit fit(StoredSnapshots snap, RankPolicy policy, double noise, int step,
                       java.util.function.IntConsumer rankFound) {
        int n = snap.width();
        int p = snap.distinctPairs();
        if (p == 0) {
            return Dmd.Truncation.of(new double[0], n, snap.nominalPairs(), policy, noise)
                    .fit(Matrix.zeros(n, 0), Matrix.zeros(n, 0), new double[0]);
        }
        int q = snap.states().count();
        double[] states = new double[Math.multiplyExact(Math.min(step, n), q)];
        Tsqr tsqr = new Tsqr(p);
        for (int from = 0; from < n; from += step) {
            int to = Math.min(n, from + step);
            snap.states().tile(from, to, states);
            tsqr.add(gather(states, to - from, snap.before(), snap.weights()), to - from);
        }
        Svd svd = Linalg.svd(tsqr.r());
        double[] s = svd.s();
        Dmd.Truncation t = Dmd.Truncation.of(s, n, snap.nominalPairs(), policy, noise);
        int r = t.rank();
        rankFound.accept(r);
        Matrix w = t.scaledV(svd.v());
        double[] basis = new double[Math.multiplyExact(n, r)];
        double[] left = new double[basis.length];
        if (r > 0) {
            for (int from = 0; from < n; from += step) {
                int to = Math.min(n, from + step);
                int h = to - from;
                snap.states().tile(from, to, states);
                // (each tile is used once: multiplyOnce keeps no native copy of it, which a tile of 2^22 values
                // would otherwise hold until the collector freed it, tile after tile)
                place(Linalg.multiplyOnce(Matrix.wrap(h, p, gather(states, h, snap.before(), snap.weights())), w),
                        basis, n, from);
                place(Linalg.multiplyOnce(Matrix.wrap(h, p, gather(states, h, snap.after(), snap.weights())), w),
                        left, n, from);
            }
        }
        return t.fit(Matrix.wrap(n, r, left), Matrix.wrap(n, r, basis), s);
    }

    /**
     * @param states an h × q tile of the states, column-major; not modified
     * @param h its rows
     * @param columns the state of each pair
     * @param weights each pair's weight
     * @return the h × p tile of the pairs: column j is {@code weights[j]} times state {@code columns[j]}
     */
    static double[] gather(double[] states, int h, int[] columns, double[] weights) {
        double[] out = new double[Math.multiplyExact(h, columns.length)];
        for (int j = 0; j < columns.length; j++) {
            int src = columns[j] * h;
            int dst = j * h;
            double w = weights[j];
            for (int i = 0; i < h; i++) {
                out[dst + i] = w * states[src + i];
            }
        }
        return out;
    }

    /** Copies an h × r tile into rows {@code from..from+h-1} of an n × r column-major matrix. */
    private static void place(Matrix tile, double[] into, int n, int from) {
        int h = tile.rows();
        double[] v = tile.toColumnMajor();
        for (int c = 0; c < tile.cols(); c++) {
            System.arraycopy(v, c * h, into, c * n + from, h);
        }
    }
}
