package io.koopcredit.linalg;

/** Small loops over plain arrays that several packages need. */
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
        Nrm2 n = new Nrm2();
        for (int k = from; k < to; k++) {
            if (!n.add(v[k])) {
                return n.nonFinite;
            }
        }
        return n.value();
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
        Nrm2 n = new Nrm2();
        for (int k = 0; k < a.length; k++) {
            if (!n.add(a[k] - b[k])) {
                return n.nonFinite;
            }
        }
        return n.value();
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

    /** The scaled sum of squares of LAPACK's dnrm2: no overflow or underflow for finite terms. */
    private static final class Nrm2 {
        private double scale;
        private double ssq = 1.0;
        /** NaN or +Infinity, once a non-finite term was seen. */
        private double nonFinite;

        /** @return false (and records {@link #nonFinite}) if x is not finite */
        boolean add(double x) {
            if (Double.isNaN(x)) {
                nonFinite = Double.NaN;
                return false;
            }
            if (Double.isInfinite(x)) {
                nonFinite = Double.POSITIVE_INFINITY;
                return false;
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
            return true;
        }

        double value() {
            return scale * Math.sqrt(ssq);
        }
    }
}
