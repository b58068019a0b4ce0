package io.koopcredit.linalg;

/** Small loops over plain arrays that several packages need; none of them allocates. */
public final class Vectors {
    private Vectors() {
    }

    /**
     * The Euclidean norm of {@code v[from..to)}, scaled so that it neither overflows nor underflows for
     * finite entries (the LAPACK dnrm2 scheme).
     *
     * @param v values; not modified
     * @param from first index, inclusive
     * @param to last index, exclusive
     * @return the norm; NaN if any entry is NaN, +Infinity if any entry is infinite
     */
    public static double norm(double[] v, int from, int to) {
        double scale = 0.0;
        double ssq = 1.0;
        for (int k = from; k < to; k++) {
            double x = v[k];
            if (Double.isNaN(x)) {
                return Double.NaN;
            }
            if (Double.isInfinite(x)) {
                return Double.POSITIVE_INFINITY;
            }
            if (x != 0.0) {
                double a = Math.abs(x);
                if (scale < a) {
                    double r = scale / a;
                    ssq = 1.0 + ssq * r * r;
                    scale = a;
                } else {
                    double r = a / scale;
                    ssq += r * r;
                }
            }
        }
        return scale * Math.sqrt(ssq);
    }

    /**
     * @param v values; not modified
     * @return the Euclidean norm of the whole array
     */
    public static double norm(double[] v) {
        return norm(v, 0, v.length);
    }

    /**
     * The first index of the largest of {@code v[from..from+length)}, e.g. the class a row of scores
     * predicts.
     *
     * @param v values; not modified
     * @param from first index
     * @param length values compared, at least 1
     * @return the offset of the largest value from {@code from} (the first on ties), or -1 if any of the
     *     values is NaN or infinite
     */
    public static int argmax(double[] v, int from, int length) {
        int best = 0;
        for (int c = 0; c < length; c++) {
            double x = v[from + c];
            if (!Double.isFinite(x)) {
                return -1;
            }
            if (x > v[from + best]) {
                best = c;
            }
        }
        return best;
    }
}
