package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.koopcredit.koopman.KoopmanOperator;
import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.testing.RandomMatrices;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The block credit, log pdet K = Σ_{σ > tol} log σ_j(K), over random shapes and ranks with planted singular
 * values: it is what was planted, it does not change under orthogonal transforms Q₁·K·Q₂, and scaling K by
 * c shifts it by r·log|c| without changing its rank r.
 *
 * <p>Tolerances. The planted non-zero singular values span at most 10⁴ (σ_min ≥ 10⁻⁴·σ_max), far above the
 * float32 credit tolerance 2⁻²³·σ_max ≈ 1.2·10⁻⁷·σ_max, and the zero ones come out of the SVD at about
 * n·ε·σ_max ≈ 10⁻¹⁵·σ_max, far below it: the rank is exact. Each computed σ_j is within n·ε·σ_max of the
 * planted one (Weyl), so log σ_j moves by at most n·ε·σ_max/σ_j ≤ n·ε·10⁴ ≈ 3·10⁻¹¹; summed over at most
 * 12 values, {@link #LOG_TOLERANCE} = 10⁻⁹ leaves a factor of 3 for the transforms' own rounding.
 */
class LogPdetPropertiesTest {
    private static final double LOG_TOLERANCE = 1e-9;

    private static double[] planted(int rank, double log10Condition, double log10Scale) {
        return RandomMatrices.logSpaced(rank, Math.pow(10, log10Scale), rank == 1 ? 1 : Math.pow(10, log10Condition));
    }

    private static BlockCredit credit(Matrix k) {
        return BlockCredit.of(KoopmanOperator.fromDense(k, null), CreditTolerance.FLOAT32).orElseThrow();
    }

    @Property(tries = 150, seed = "20221204")
    void theCreditIsThePlantedLogPdetAndOrthogonalTransformsKeepIt(
            @ForAll @IntRange(min = 1, max = 12) int m, @ForAll @IntRange(min = 1, max = 12) int n,
            @ForAll @IntRange(min = 1, max = 12) int rank, @ForAll @DoubleRange(min = 0, max = 4) double log10Condition,
            @ForAll @DoubleRange(min = -3, max = 3) double log10Scale, @ForAll long seed) {
        int r = Math.min(rank, Math.min(m, n));
        double[] s = planted(r, log10Condition, log10Scale);
        Matrix k = RandomMatrices.withSingularValues(m, n, s, seed);
        double expected = Arrays.stream(s).map(Math::log).sum();
        BlockCredit c = credit(k);
        assertEquals(r, c.rank());
        assertEquals(expected, c.logCredit(), LOG_TOLERANCE);
        assertEquals(expected / r, c.logCreditPerDim(), LOG_TOLERANCE);

        Matrix q1 = RandomMatrices.orthonormal(m, m, seed + 7);
        Matrix q2 = RandomMatrices.orthonormal(n, n, seed + 8);
        BlockCredit rotated = credit(Linalg.multiply(q1, Linalg.multiply(k, q2)));
        assertEquals(r, rotated.rank());
        assertEquals(c.logCredit(), rotated.logCredit(), LOG_TOLERANCE);
        if (m == n && r == n) {
            // Square and non-singular: log pdet = log |det|, which LU gives independently of the SVD.
            assertEquals(c.logCredit(), Linalg.logAbsDeterminant(k), LOG_TOLERANCE);
            assertEquals(c.logCredit(), Linalg.logAbsDeterminant(Linalg.multiply(q1, Linalg.multiply(k, q2))),
                    LOG_TOLERANCE);
        }
    }

    @Property(tries = 150, seed = "20221205")
    void scalingByCShiftsTheCreditByRLogAbsC(
            @ForAll @IntRange(min = 1, max = 12) int m, @ForAll @IntRange(min = 1, max = 12) int n,
            @ForAll @IntRange(min = 1, max = 12) int rank, @ForAll @DoubleRange(min = 0, max = 4) double log10Condition,
            @ForAll @DoubleRange(min = -3, max = 3) double log10C, @ForAll boolean negative, @ForAll long seed) {
        int r = Math.min(rank, Math.min(m, n));
        Matrix k = RandomMatrices.withSingularValues(m, n, planted(r, log10Condition, 0), seed);
        double c = (negative ? -1 : 1) * Math.pow(10, log10C);
        BlockCredit before = credit(k);
        BlockCredit after = credit(k.scale(c));
        assertEquals(before.rank(), after.rank());
        assertEquals(before.logCredit() + r * Math.log(Math.abs(c)), after.logCredit(), LOG_TOLERANCE);
        // The same through singular values alone (ofSingularValues), the PCA estimator's path for eigenvalues.
        double[] scaled = Arrays.stream(KoopmanOperator.fromDense(k, null).singularValues()).map(v -> v * Math.abs(c))
                .toArray();
        assertEquals(after.logCredit(), BlockCredit.ofSingularValues(scaled, m, n, CreditTolerance.FLOAT32)
                .orElseThrow().logCredit(), LOG_TOLERANCE);
    }
}
