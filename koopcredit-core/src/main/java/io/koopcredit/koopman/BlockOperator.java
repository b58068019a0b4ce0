package io.koopcredit.koopman;

/**
 * What the credit needs of a block's Koopman operator K_i, whatever form it is kept in: its shape and the
 * non-zero singular values of its linear part. {@link KoopmanOperator} is the dense form (a compact SVD);
 * the scalable formulations keep factors in stores and implement this with the singular values they
 * computed.
 */
public interface BlockOperator {
    /** @return the input width nIn */
    int nIn();

    /** @return the output width nOut */
    int nOut();

    /** @return the number of non-zero singular values */
    int rank();

    /** @return the non-zero singular values, non-increasing (a copy) */
    double[] singularValues();

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
        return new BlockOperator() {
            @Override
            public int nIn() {
                return nIn;
            }

            @Override
            public int nOut() {
                return nOut;
            }

            @Override
            public int rank() {
                return v.length;
            }

            @Override
            public double[] singularValues() {
                return v.clone();
            }
        };
    }
}
