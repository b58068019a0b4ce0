package io.koopcredit.koopman;

/**
 * What the credit needs of a block's Koopman operator K_i, whatever form it is kept in: its shape and the
 * log pseudo-determinant of its linear part at a threshold, from its non-zero singular values.
 * {@link KoopmanOperator} is the dense form (a compact SVD); the scalable formulations keep factors in
 * stores and implement this with the singular values they computed ({@link #ofSingularValues}) or, where a
 * proof showed that every one of them counts, with the log determinant alone ({@link #ofProvedDeterminant}).
 */
public interface BlockOperator {
    /** @return the input width nIn */
    int nIn();

    /** @return the output width nOut */
    int nOut();

    /** @return the number of non-zero singular values */
    int rank();

    /**
     * @return the non-zero singular values, non-increasing (a copy)
     * @throws UnsupportedOperationException for an operator known by its proved log determinant alone
     *     ({@link #ofProvedDeterminant}; {@link #knowsSingularValues} is false)
     */
    double[] singularValues();

    /** @return whether {@link #singularValues} are known (all forms but {@link #ofProvedDeterminant}) */
    default boolean knowsSingularValues() {
        return true;
    }

    /**
     * The singular values above a threshold and the sum of their logarithms: what the block credit and the
     * sensitivity take of the operator.
     *
     * @param relativeThreshold t ≥ 0: singular values strictly above t·σ_max count
     * @return how many count and Σ log σ over them (0 and 0 when none does, or the operator is zero)
     * @throws IllegalArgumentException for a proved operator asked above the threshold its proof held for
     */
    default Counted counted(double relativeThreshold) {
        double[] s = singularValues();
        if (s.length == 0 || !(s[0] > 0)) {
            return new Counted(0, 0.0);
        }
        double threshold = relativeThreshold * s[0];
        int r = 0;
        double sum = 0;
        while (r < s.length && s[r] > threshold) {
            sum += Math.log(s[r]);
            r++;
        }
        return new Counted(r, sum);
    }

    /**
     * @param rank how many singular values count, at least 0
     * @param logDeterminant Σ log σ over them, finite (0 when none counts)
     */
    record Counted(int rank, double logDeterminant) {
        /** Validates the count and the sum. */
        public Counted {
            if (rank < 0 || !Double.isFinite(logDeterminant) || rank == 0 && logDeterminant != 0) {
                throw new IllegalArgumentException("a counted log determinant needs rank >= 0 and a finite sum (0"
                        + " for rank 0), found rank " + rank + " and " + logDeterminant);
            }
        }
    }

    /**
     * An operator known by its singular values alone (the scalable formulations').
     *
     * @param nIn input width
     * @param nOut output width
     * @param s the non-zero singular values, non-increasing; copied
     * @return the operator's summary
     */
    static BlockOperator ofSingularValues(int nIn, int nOut, double[] s) {
        double[] v = s.clone();
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] > 0 && Double.isFinite(v[i])) || (i > 0 && v[i] > v[i - 1])) {
                throw new IllegalArgumentException("singular values must be positive, finite and non-increasing");
            }
        }
        return new OperatorSummaries.Spectrum(nIn, nOut, v);
    }

    /**
     * An operator of which a proof showed that all its {@code rank} non-zero singular values lie above
     * {@code provedThreshold}·σ_max, known by Σ log σ over them (the scalable one-step estimator's, when
     * R_{i+1}·R_i⁻¹ is shown to be well enough conditioned: its singular values are never computed).
     *
     * @param nIn input width
     * @param nOut output width
     * @param rank the number of non-zero singular values, at least 1 and at most min(nIn, nOut)
     * @param logDeterminant Σ log σ over all of them, finite
     * @param provedThreshold the relative threshold every one of them was shown to exceed, at least 0
     * @return the operator's summary; {@link #counted} answers for thresholds up to {@code provedThreshold}
     */
    static BlockOperator ofProvedDeterminant(int nIn, int nOut, int rank, double logDeterminant,
                                             double provedThreshold) {
        if (rank < 1 || rank > Math.min(nIn, nOut) || !Double.isFinite(logDeterminant) || !(provedThreshold >= 0)
                || !Double.isFinite(provedThreshold)) {
            throw new IllegalArgumentException("a proved " + nOut + " x " + nIn + " operator needs a rank in [1, "
                    + Math.min(nIn, nOut) + "], a finite log determinant and a finite threshold >= 0, found rank "
                    + rank + ", " + logDeterminant + " and " + provedThreshold);
        }
        return new OperatorSummaries.Proved(nIn, nOut, rank, logDeterminant, provedThreshold);
    }
}
