package io.koopcredit.koopman;

import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.BlockFunction;
import java.util.SplittableRandom;

/**
 * An estimator beside the paper's: one-step DMD on real data. With X the block's real inputs and F its
 * real outputs over N samples (columns), {@code K_i = F·X⁺} is the least-squares linear map from inputs to
 * outputs (Theorem 3). No alignment and no iteration are needed, and the fit sees N distinct real states
 * instead of one trajectory that collapses. With a constant observable ({@code affine}), X gains a row of
 * ones and the last column of the fit is the offset b in f(x) ≈ K_i·x + b. Deterministic: one trial.
 */
public final class OneStepEstimator implements KoopmanEstimator {
    private final Estimator.OneStep settings;

    /** @param settings rank policy and the affine switch */
    public OneStepEstimator(Estimator.OneStep settings) {
        this.settings = java.util.Objects.requireNonNull(settings, "settings");
    }

    @Override
    public EstimatorKind kind() {
        return EstimatorKind.ONE_STEP;
    }

    @Override
    public TrialFit fit(BlockFunction f, FitData data, int trial, SplittableRandom rng) {
        int nIn = f.block().nIn();
        int nOut = f.block().nOut();
        int n = data.count();
        long t0 = System.nanoTime();
        Matrix x;
        if (settings.affine()) {
            double[] aug = new double[(nIn + 1) * n];
            for (int j = 0; j < n; j++) {
                System.arraycopy(data.inputs(), j * nIn, aug, j * (nIn + 1), nIn);
                aug[j * (nIn + 1) + nIn] = 1.0;
            }
            x = Matrix.wrap(nIn + 1, n, aug);
        } else {
            x = Matrix.wrap(nIn, n, data.inputs().clone());
        }
        Matrix fOut = Matrix.wrap(nOut, n, data.outputs().clone());
        long t1 = System.nanoTime();
        // The real inputs and outputs come from the network's own float32 pass.
        Dmd.Fit fit = Dmd.fit(x, fOut, settings.rank(), n, NoiseModel.relative(f.precision(), f.block()));
        KoopmanOperator k;
        if (settings.affine()) {
            // [K b] = left·basisᵀ: K uses the first nIn rows of the basis, b = left·(last row)ᵀ.
            Matrix top = fit.basis().rowRange(0, nIn);
            double[] lastRow = fit.basis().row(nIn);
            double[] offset = io.koopcredit.linalg.Linalg.multiply(fit.left(), lastRow);
            k = KoopmanOperator.fromFactors(fit.left(), top, offset);
        } else {
            k = KoopmanOperator.fromFactors(fit.left(), fit.basis(), null);
        }
        long t2 = System.nanoTime();
        return new TrialFit(trial, k, fit, n, n, null, null, 0, f.precision(), (t1 - t0) * 1e-9, (t2 - t1) * 1e-9);
    }
}
