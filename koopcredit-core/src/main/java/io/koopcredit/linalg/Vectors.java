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
     * The Euclidean distance ‖a − b‖, scaled like {@link #norm(double[], int, int)}.
     *
     * @param a values; not modified
     * @param b values of the same length; not modified
     * @return the distance; NaN or +Infinity as {@link #norm(double[], int, int)} for non-finite differences
     */
    public static double distance(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("distance between " + a.length + " and " + b.length + " values");
        }
        double scale = 0.0;
        double ssq = 1.0;
        for (int k = 0; k < a.length; k++) {
            double x = a[k] - b[k];
            if (Double.isNaN(x)) {
                return Double.NaN;
            }
            if (Double.isInfinite(x)) {
                return Double.POSITIVE_INFINITY;
            }
            if (x != 0.0) {
                double v = Math.abs(x);
                if (scale < v) {
                    double r = scale / v;
                    ssq = 1.0 + ssq * r * r;
                    scale = v;
                } else {
                    double r = v / scale;
                    ssq += r * r;
                }
            }
        }
        return scale * Math.sqrt(ssq);
    }
}
