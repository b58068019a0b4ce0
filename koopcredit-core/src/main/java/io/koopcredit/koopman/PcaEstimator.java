package io.koopcredit.koopman;

import io.koopcredit.base.InputException;
import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.linalg.Svd;
import io.koopcredit.model.Block;
import io.koopcredit.model.BlockFunction;
import java.util.SplittableRandom;

/**
 * The paper's quick variant (Section III.D, the Remark on non-square matrices): "carry out the PCA
 * reduction ... to extract the most important transformation features with the same dimension to
 * characterize the credit, avoiding the dimension alignment and non-square cases", with the credit the
 * product of the non-zero eigenvalues.
 *
 * <p>From N real input/output pairs of the block (X, F, columns), centred by their means x̄ and f̄: P_in
 * (nIn × k) and P_out (nOut × k) are the k leading principal directions (left singular vectors) of the
 * centred X and F; a = P_inᵀ·(X − x̄) and b = P_outᵀ·(F − f̄) are the k × N principal coordinates, and the
 * block's operator in them is the square least-squares fit {@code M = b·a⁺} (k × k, DMD with the rank
 * policy). As a map of the block's own spaces the estimate is affine,
 * {@code K(x) = f̄ + P_out·M·P_inᵀ·(x − x̄)}, so its fidelity is measured like the other estimators'. The
 * credit is {@code Σ log |λ_j(M)|} over the eigenvalues of M that are not zero at the credit tolerance
 * ({@link TrialFit#eigenvalueModuli()}). Deterministic: one trial.
 */
public final class PcaEstimator implements KoopmanEstimator {
    private final Estimator.Pca settings;

    /** @param settings the rank policy and the number of components (resolved, at least 1) */
    public PcaEstimator(Estimator.Pca settings) {
        if (settings.components() < 1) {
            throw new IllegalArgumentException("the PCA estimator needs a resolved number of components, found "
                    + settings.components());
        }
        this.settings = settings;
    }

    @Override
    public EstimatorKind kind() {
        return EstimatorKind.PCA;
    }

    /**
     * @param block a block
     * @param requested the number of components asked for
     * @param samples N
     * @return the components used for this block: at most its input and output widths and N − 1 (the
     *     rank of N centred samples)
     */
    public static int components(Block block, int requested, int samples) {
        return Math.max(0, Math.min(Math.min(requested, samples - 1), Math.min(block.nIn(), block.nOut())));
    }

    @Override
    public TrialFit fit(BlockFunction f, FitData data, int trial, SplittableRandom rng) {
        Block block = f.block();
        int n = data.count();
        int k = components(block, settings.components(), n);
        if (k < 1) {
            throw new InputException("PCA estimator, block " + block.name() + ": expected at least 2 fitting samples"
                    + " (principal components of centred data), found " + n);
        }
        long t0 = System.nanoTime();
        double[] meanX = new double[block.nIn()];
        double[] meanF = new double[block.nOut()];
        Matrix xc = centred(data.inputs(), block.nIn(), n, meanX);
        Matrix fc = centred(data.outputs(), block.nOut(), n, meanF);
        Svd sx = Linalg.svd(xc);
        Svd sf = Linalg.svd(fc);
        Matrix pIn = sx.u().columnRange(0, k);
        Matrix pOut = sf.u().columnRange(0, k);
        // Principal coordinates: Uᵀ·X = Σ·Vᵀ, so a = diag(s_1..s_k)·V_kᵀ without another product.
        Matrix a = sx.v().columnRange(0, k).scaleColumns(java.util.Arrays.copyOf(sx.s(), k)).transpose();
        Matrix b = sf.v().columnRange(0, k).scaleColumns(java.util.Arrays.copyOf(sf.s(), k)).transpose();
        long t1 = System.nanoTime();
        Dmd.Fit fit = Dmd.fit(a, b, settings.rank(), n, NoiseModel.relative(f.precision(), block));
        Matrix m = Linalg.multiplyTransposeB(fit.left(), fit.basis());
        double[] moduli = Linalg.eigenvalueModuli(m);
        // K = P_out·M·P_inᵀ = (P_out·left)·(P_in·basis)ᵀ, and the offset f̄ − K·x̄.
        KoopmanOperator linear = KoopmanOperator.fromFactors(Linalg.multiply(pOut, fit.left()),
                Linalg.multiply(pIn, fit.basis()), null);
        double[] kx = linear.apply(meanX, 1);
        double[] offset = new double[meanF.length];
        for (int i = 0; i < offset.length; i++) {
            offset[i] = meanF[i] - kx[i];
        }
        KoopmanOperator k0 = new KoopmanOperator(linear.u(), linear.s(), linear.v(), offset);
        long t2 = System.nanoTime();
        return new TrialFit(trial, k0, fit, n, n, null, null, 0, f.precision(), (t1 - t0) * 1e-9, (t2 - t1) * 1e-9)
                .withEigenvalueModuli(moduli);
    }

    /** @return the width × n matrix of the samples minus their mean, which is written into {@code mean} */
    private static Matrix centred(double[] samples, int width, int n, double[] mean) {
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < width; i++) {
                mean[i] += samples[j * width + i];
            }
        }
        for (int i = 0; i < width; i++) {
            mean[i] /= n;
        }
        double[] c = new double[width * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < width; i++) {
                c[j * width + i] = samples[j * width + i] - mean[i];
            }
        }
        return Matrix.wrap(width, n, c);
    }
}
