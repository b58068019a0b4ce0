package io.koopcredit.koopman;

/** The two summaries of {@link BlockOperator}'s factories, validated there. */
final class OperatorSummaries {
    private OperatorSummaries() {
    }

    /** An operator known by its non-zero singular values (owned: handed out as copies). */
    record Spectrum(int nIn, int nOut, double[] values) implements BlockOperator {
        /** @return a copy of the values */
        @Override
        public double[] values() {
            return values.clone();
        }

        @Override
        public int rank() {
            return values.length;
        }

        @Override
        public double[] singularValues() {
            return values.clone();
        }
    }

    /** An operator known by a proved log determinant over all its {@code rank} singular values. */
    record Proved(int nIn, int nOut, int rank, double logDeterminant, double provedThreshold)
            implements BlockOperator {
        @Override
        public double[] singularValues() {
            throw new UnsupportedOperationException("the " + nOut + " x " + nIn + " operator is known by its"
                    + " proved log determinant alone: its singular values were not computed");
        }

        @Override
        public boolean knowsSingularValues() {
            return false;
        }

        @Override
        public Counted counted(double relativeThreshold) {
            if (!(relativeThreshold >= 0) || relativeThreshold > provedThreshold) {
                throw new IllegalArgumentException("the " + nOut + " x " + nIn + " operator's singular values"
                        + " were shown to exceed " + provedThreshold + " of the largest, not " + relativeThreshold);
            }
            return new Counted(rank, logDeterminant);
        }
    }
}
