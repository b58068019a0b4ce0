package io.koopcredit.koopman;

import io.koopcredit.base.InputException;
import io.koopcredit.base.InvalidOptionException;
import java.util.Locale;

/**
 * How many singular values of a snapshot matrix a pseudo-inverse keeps (the truncation of DMD). The
 * paper's Y⁺ is the exact Moore–Penrose inverse; in floating point "exact" can only mean dropping the
 * values that the data cannot resolve.
 *
 * <p>The default, {@link DataPrecision} ({@code precision}), drops the singular values at or below the
 * noise floor of the snapshots ({@link Spectrum#noiseFloor()}), derived from how they were computed: the
 * block evaluated with unit roundoff u (2⁻²⁴ in float32), whose output is perturbed by rounding by about
 * δ = u·(1 + growth) relative to its size (see {@link NoiseModel}). Stacked over every snapshot pair the
 * perturbation E of the snapshot matrix Y has ‖E‖₂ ≤ ‖E‖_F ≲ δ·‖Y‖_F, and by Weyl's inequality each
 * singular value of Y is known only to within ‖E‖₂: values below δ·‖Y‖_F cannot be told apart from
 * rounding, and the pseudo-inverse would multiply their directions by up to 1/δ. {@link MachinePrecision}
 * ({@code machine}) keeps everything down to the double-precision accuracy of the SVD itself, which for
 * float32 snapshots includes rounding noise (measured on LeNet-5: condition numbers of 10¹⁰–10¹² and
 * operators dominated by it; README "Choices").
 *
 * <p>Text forms (CLI {@code --rank}): {@code precision}, {@code machine}, {@code relative:1e-3},
 * {@code fixed:20}, {@code energy:0.999}, {@code optimal}.
 */
public sealed interface RankPolicy {

    /**
     * The singular values of a snapshot matrix and what is known about their accuracy.
     *
     * @param values the computed singular values, non-increasing (not copied: do not modify)
     * @param rows rows of the nominal matrix they came from
     * @param cols columns of the nominal matrix (counting repeated snapshots)
     * @param noiseFloor the absolute noise floor: singular values at or below it cannot be told apart from
     *     the rounding of the data ({@code δ·‖Y‖_F}); 0 if nothing is known
     */
    record Spectrum(double[] values, long rows, long cols, double noiseFloor) {
        /** Validates the floor. */
        public Spectrum {
            if (!(noiseFloor >= 0) || !Double.isFinite(noiseFloor)) {
                throw new IllegalArgumentException("noise floor must be finite and >= 0, found " + noiseFloor);
            }
        }

        /** @return σ_max, or 0 for an empty spectrum */
        public double largest() {
            return values.length == 0 ? 0.0 : values[0];
        }

        /**
         * @return {@code max(rows, cols) · ε · σ_max}: below it the SVD computed in double cannot resolve
         *     a singular value (LAPACK's, NumPy's {@code matrix_rank} and {@code pinv} tolerance)
         */
        public double machineThreshold() {
            return Math.max(rows, cols) * Math.ulp(1.0) * largest();
        }

        /**
         * @param threshold a cut-off
         * @return how many leading values lie strictly above it
         */
        public int countAbove(double threshold) {
            int r = 0;
            while (r < values.length && values[r] > threshold) {
                r++;
            }
            return r;
        }
    }

    /**
     * The number of leading singular values to keep.
     *
     * @param spectrum the singular values and their noise floor; not modified
     * @return the rank r, 0 &lt;= r &lt;= the number of values; 0 if every value is zero
     */
    int rank(Spectrum spectrum);

    /** @return the canonical text form, parseable by {@link #parse(String)} */
    String spec();

    /**
     * Keeps the singular values above the noise floor of the data and above the accuracy of the SVD:
     * {@code σ > max(δ·‖Y‖_F, max(rows, cols)·ε·σ_max)} (the class comment derives it). The default: for
     * float32 snapshots it drops the rounding directions that {@code machine} keeps; for float64 snapshots
     * the floor is far below the SVD's accuracy, and it keeps what {@code machine} keeps.
     */
    record DataPrecision() implements RankPolicy {
        @Override
        public int rank(Spectrum s) {
            return s.countAbove(Math.max(s.noiseFloor(), s.machineThreshold()));
        }

        @Override
        public String spec() {
            return "precision";
        }
    }

    /**
     * Drops values below {@code max(rows, cols) · ε · σ_max}: the numerical rank as LAPACK, NumPy's
     * {@code matrix_rank} and {@code pinv} define it, for data known to double precision. For snapshots
     * computed in float32 it keeps rounding noise (see the class comment); it is what an implementation of
     * the paper in float64 does.
     */
    record MachinePrecision() implements RankPolicy {
        @Override
        public int rank(Spectrum s) {
            return s.countAbove(s.machineThreshold());
        }

        @Override
        public String spec() {
            return "machine";
        }
    }

    /**
     * Drops values below {@code tolerance · σ_max}.
     *
     * @param tolerance relative cut-off, 0 &lt; tolerance &lt; 1
     */
    record Relative(double tolerance) implements RankPolicy {
        /** Validates the tolerance. */
        public Relative {
            if (!(tolerance > 0 && tolerance < 1)) {
                throw new InvalidOptionException("rank", "relative:" + tolerance, "expected a tolerance in (0, 1),"
                        + " found " + tolerance, null);
            }
        }

        @Override
        public int rank(Spectrum s) {
            return s.countAbove(tolerance * s.largest());
        }

        @Override
        public String spec() {
            return "relative:" + tolerance;
        }
    }

    /**
     * Keeps the leading {@code rank} values (fewer if fewer are non-zero to working precision).
     *
     * @param rank the rank, at least 1
     */
    record Fixed(int rank) implements RankPolicy {
        /** Validates the rank. */
        public Fixed {
            if (rank < 1) {
                throw new InvalidOptionException("rank", "fixed:" + rank, "expected a rank >= 1, found " + rank, null);
            }
        }

        @Override
        public int rank(Spectrum s) {
            return Math.min(rank, new MachinePrecision().rank(s));
        }

        @Override
        public String spec() {
            return "fixed:" + rank;
        }
    }

    /**
     * Keeps the fewest leading values whose squares hold at least {@code fraction} of the total energy
     * (sum of squares).
     *
     * @param fraction energy fraction, 0 &lt; fraction &lt;= 1
     */
    record Energy(double fraction) implements RankPolicy {
        /** Validates the fraction. */
        public Energy {
            if (!(fraction > 0 && fraction <= 1)) {
                throw new InvalidOptionException("rank", "energy:" + fraction, "expected a fraction in (0, 1], found "
                        + fraction, null);
            }
        }

        @Override
        public int rank(Spectrum spectrum) {
            double[] s = spectrum.values();
            int numerical = new MachinePrecision().rank(spectrum);
            double total = 0;
            for (int i = 0; i < numerical; i++) {
                total += s[i] * s[i];
            }
            if (total == 0) {
                return 0;
            }
            double acc = 0;
            for (int i = 0; i < numerical; i++) {
                acc += s[i] * s[i];
                if (acc >= fraction * total) {
                    return i + 1;
                }
            }
            return numerical;
        }

        @Override
        public String spec() {
            return "energy:" + fraction;
        }
    }

    /**
     * Gavish and Donoho's optimal hard threshold for singular values with unknown noise level ("The
     * Optimal Hard Threshold for Singular Values is 4/√3", IEEE Trans. Inf. Theory 60(8), 2014, Eq. (4)
     * and its approximation ω(β) ≈ 0.56β³ − 0.95β² + 1.82β + 1.43): drops values below ω(β)·median(σ),
     * β = min(rows, cols) / max(rows, cols). It assumes a low-rank signal plus i.i.d. noise: on a flat
     * spectrum it can keep nothing (the block is then reported as degenerate, naming this policy), and when
     * embedded trajectories collapse most of the nominal spectrum is zero, the median is 0, and the policy
     * keeps what {@link MachinePrecision} keeps.
     */
    record OptimalHardThreshold() implements RankPolicy {
        @Override
        public int rank(Spectrum spectrum) {
            double[] s = spectrum.values();
            long rows = spectrum.rows();
            long cols = spectrum.cols();
            if (s.length == 0) {
                return 0;
            }
            double beta = (double) Math.min(rows, cols) / Math.max(rows, cols);
            double omega = 0.56 * beta * beta * beta - 0.95 * beta * beta + 1.82 * beta + 1.43;
            // The median runs over all min(rows, cols) singular values of the nominal matrix; values not
            // computed (repeated snapshots collapse the matrix) are zero.
            long k = Math.min(rows, cols);
            double median = medianWithZeros(s, k);
            int numerical = new MachinePrecision().rank(spectrum);
            return Math.min(numerical, spectrum.countAbove(omega * median));
        }

        @Override
        public String spec() {
            return "optimal";
        }

        private static double medianWithZeros(double[] s, long k) {
            // s is non-increasing; the nominal list is s followed by (k - s.length) zeros.
            long n = Math.max(k, s.length);
            double lo = at(s, (n - 1) / 2);
            double hi = at(s, n / 2);
            return 0.5 * (lo + hi);
        }

        private static double at(double[] s, long fromLargest) {
            return fromLargest < s.length ? s[(int) fromLargest] : 0.0;
        }
    }

    /**
     * Parses a text form.
     *
     * @param text e.g. {@code precision}, {@code machine}, {@code relative:1e-3}, {@code fixed:20}, {@code energy:0.999},
     *     {@code optimal}
     * @return the policy
     * @throws InputException naming the text and the accepted forms
     */
    static RankPolicy parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        int colon = t.indexOf(':');
        String name = colon < 0 ? t : t.substring(0, colon);
        String arg = colon < 0 ? null : t.substring(colon + 1);
        try {
            return build(text, name, arg);
        } catch (NumberFormatException e) {
            throw new InvalidOptionException("rank", text, "the value after ':' is not a number", e);
        } catch (InvalidOptionException e) {
            // Name the value as the user wrote it, not as it was parsed (relative:2 rather than relative:2.0).
            String reason = e.getMessage().substring(e.getMessage().indexOf("': ") + 3);
            throw new InvalidOptionException("rank", text, reason, e);
        }
    }

    private static RankPolicy build(String text, String name, String arg) {
        return switch (name) {
            case "precision" -> {
                requireNoArgument(text, arg);
                yield new DataPrecision();
            }
            case "machine" -> {
                requireNoArgument(text, arg);
                yield new MachinePrecision();
            }
            case "optimal" -> {
                requireNoArgument(text, arg);
                yield new OptimalHardThreshold();
            }
            case "relative" -> new Relative(Double.parseDouble(requireArgument(text, arg)));
            case "fixed" -> new Fixed(parseRank(text, requireArgument(text, arg)));
            case "energy" -> new Energy(Double.parseDouble(requireArgument(text, arg)));
            default -> throw new InvalidOptionException("rank", text,
                    "expected one of precision, machine, relative:TOL, fixed:RANK, energy:FRACTION, optimal", null);
        };
    }

    /** @return the rank of {@code fixed:R}; an integer too large for an int is named as such, not as "not a number" */
    private static int parseRank(String text, String arg) {
        if (arg.matches("[+-]?\\d+")) {
            java.math.BigInteger r = new java.math.BigInteger(arg);
            if (r.bitLength() > 31) {
                throw new InvalidOptionException("rank", text, "expected a rank from 1 to " + Integer.MAX_VALUE
                        + ", found " + arg, null);
            }
        }
        return Integer.parseInt(arg);
    }

    private static void requireNoArgument(String text, String arg) {
        if (arg != null) {
            throw new InvalidOptionException("rank", text, "this policy takes no value after ':'", null);
        }
    }

    private static String requireArgument(String text, String arg) {
        if (arg == null || arg.isEmpty()) {
            throw new InvalidOptionException("rank", text, "expected a value after ':'", null);
        }
        return arg;
    }
}
