package io.koopcredit.koopman;

import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.linalg.Svd;
import java.util.Arrays;

/**
 * Dynamic mode decomposition with identity observables (Section III.C, "Koopman Approximation"): the
 * least-squares operator {@code K̃ = Y′·Y⁺} with {@code Y′ ≈ K̃·Y} over the snapshot pairs (Theorem 3).
 *
 * <p>K̃ is never formed. With the thin SVD {@code Y = U·Σ·Vᵀ} truncated to rank r by the
 * {@link RankPolicy}, {@code K̃ = (Y′·V_r·Σ_r⁻¹)·U_rᵀ}: the fit is returned as that pair of factors, an
 * n × r and an n × r matrix, so that the decomposition {@code K_i = B·K̃} costs nOut·n·r instead of
 * nOut·n².
 */
public final class Dmd {
    private Dmd() {
    }

    /**
     * The fitted operator in factored form, {@code K̃ = left · basisᵀ}.
     *
     * @param left Y′·V_r·Σ_r⁻¹, (output width) × r
     * @param basis U_r, n × r with orthonormal columns: the span of the snapshots that was kept
     * @param singularValues all computed singular values of Y, non-increasing (owned: do not modify)
     * @param rank r, the number kept
     * @param condition σ_1/σ_r of the kept values (the amplification of the pseudo-inverse); NaN if r = 0
     * @param noiseFloor the noise floor δ·‖Y‖_F as a fraction of σ_1 (0 for a zero matrix)
     * @param keptBelowNoise how many kept singular values lie at or below the noise floor: directions
     *     that the rank policy kept although rounding alone could have made them (0 with the default
     *     policy)
     */
    public record Fit(Matrix left, Matrix basis, double[] singularValues, int rank, double condition,
                      double noiseFloor, int keptBelowNoise) {
    }

    /**
     * Fits K̃ with Y′ ≈ K̃·Y.
     *
     * @param y n × p snapshots ("before"); not modified
     * @param yNext m × p matching snapshots ("after"; m = n for the aligned block, m = nOut for a one-step
     *     fit); not modified
     * @param policy how many singular values of Y to keep
     * @param nominalColumns the column count of the nominal snapshot matrix (p, or more when repeated
     *     pairs were merged), for the rank policy's tolerance
     * @param noise δ, the relative rounding of the snapshots ({@link NoiseModel}); the noise floor is
     *     δ·‖Y‖_F
     * @return the factored fit
     */
    public static Fit fit(Matrix y, Matrix yNext, RankPolicy policy, long nominalColumns, double noise) {
        if (y.cols() != yNext.cols()) {
            throw new IllegalArgumentException("DMD needs as many 'after' snapshots as 'before', found "
                    + yNext.cols() + " and " + y.cols());
        }
        Svd svd = Linalg.svd(y);
        double[] s = svd.s();
        Truncation t = Truncation.of(s, y.rows(), nominalColumns, policy, noise);
        Matrix left = Linalg.multiply(yNext, t.scaledV(svd.v()));
        return t.fit(left, svd.u().columnRange(0, t.rank()), s);
    }

    /**
     * What the rank policy keeps of a snapshot spectrum, shared by this SVD form and the stored form
     * ({@link StoredDmd}), so that both decide from the same inputs: the singular values, the rows of Y, the
     * nominal column count and the noise floor δ·‖Y‖_F (from the singular values).
     *
     * @param rank r
     * @param floor the absolute noise floor δ·‖Y‖_F
     * @param belowNoise kept values at or below the floor
     * @param inverse 1/σ_i of the kept values
     */
    record Truncation(int rank, double floor, int belowNoise, double[] inverse) {
        static Truncation of(double[] s, long rows, long nominalColumns, RankPolicy policy, double noise) {
            double frobenius = 0;
            for (int i = s.length - 1; i >= 0; i--) {
                frobenius += s[i] * s[i];
            }
            double floor = noise * Math.sqrt(frobenius);
            RankPolicy.Spectrum spectrum = new RankPolicy.Spectrum(s, rows, nominalColumns, floor);
            int r = policy.rank(spectrum);
            int belowNoise = r - spectrum.countAbove(floor);
            double[] inv = new double[r];
            for (int i = 0; i < r; i++) {
                inv[i] = 1.0 / s[i];
            }
            return new Truncation(r, floor, Math.max(0, belowNoise), inv);
        }

        /** @return V_r·Σ_r⁻¹ from the right singular vectors (not modified) */
        Matrix scaledV(Matrix v) {
            return v.columnRange(0, rank).scaleColumns(inverse);
        }

        /** @return the fit from its factors and the spectrum (copied) */
        Fit fit(Matrix left, Matrix basis, double[] s) {
            double condition = rank == 0 ? Double.NaN : s[0] / s[rank - 1];
            return new Fit(left, basis, Arrays.copyOf(s, s.length), rank, condition,
                    s.length == 0 || s[0] == 0 ? 0.0 : floor / s[0], belowNoise);
        }
    }
}
