package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.koopman.KoopmanOperator;
import io.koopcredit.linalg.Matrix;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Theorem 5's block sensitivity from planted determinants (full operators and the PCA estimator's reduced
 * ones), with singular and mismatched operators, and the template agreement's mean and class handling.
 */
class SensitivityAndTemplatesTest {
    private static final List<CreditTolerance> F32 = Collections.nCopies(3, CreditTolerance.FLOAT32);

    @Test
    void reducedSensitivityIsKTimesTheOtherBlocksLogDeterminants() {
        // log|det M_s| = ln 2, ln 2, 0 (k = 2): BS_i = 2·Σ_{s≠i}.
        List<BlockSensitivity> bs = BlockSensitivity.ofReduced(List.of(new double[] {2, 1}, new double[] {4, 0.5},
                new double[] {1, 1}), F32);
        assertEquals(2 * Math.log(2), bs.get(0).logSensitivity(), 1e-15);
        assertEquals(2 * Math.log(2), bs.get(1).logSensitivity(), 1e-15);
        assertEquals(4 * Math.log(2), bs.get(2).logSensitivity(), 1e-15);
        assertNull(bs.get(0).note());
        assertEquals(0.0, BlockSensitivity.ofReduced(List.<double[]>of(new double[] {5, 3}), F32.subList(0, 1)).get(0)
                .logSensitivity(), "one block: the empty product");
    }

    @Test
    void aSingularOperatorMakesEveryOtherBlocksSensitivityZeroAndSaysWhich() {
        // Block 1's second modulus is below the float32 tolerance: M_1 is singular.
        List<BlockSensitivity> bs = BlockSensitivity.ofReduced(List.of(new double[] {2, 1e-9}, new double[] {3, 1},
                new double[] {1, 1}), F32);
        assertEquals(2 * Math.log(3), bs.get(0).logSensitivity(), 1e-15, "block 1's own singularity does not count");
        assertNull(bs.get(1).logSensitivity());
        assertEquals("zero: K of block 1 is singular", bs.get(1).note());
        assertEquals("zero: K of block 1 is singular", bs.get(2).note());
        // The same with full operators.
        List<KoopmanOperator> ops = List.of(KoopmanOperator.fromDense(Matrix.diagonal(new double[] {2, 1}), null),
                KoopmanOperator.fromDense(Matrix.diagonal(new double[] {3, 0}), null),
                KoopmanOperator.fromDense(Matrix.diagonal(new double[] {0.5, 4}), null));
        List<BlockSensitivity> full = BlockSensitivity.of(ops, F32);
        assertEquals("zero: K of block 2 is singular", full.get(0).note());
        assertEquals(2 * (Math.log(2) + Math.log(2)), full.get(1).logSensitivity(), 1e-12);
        assertEquals("zero: K of block 2 is singular", full.get(2).note());
    }

    @Test
    void sensitivityIsUndefinedUnlessEveryOperatorIsSquareOfOneOrder() {
        List<BlockSensitivity> mixed = BlockSensitivity.ofReduced(Arrays.asList(new double[] {2, 1},
                new double[] {1, 1, 1}, new double[] {1, 1}), F32);
        for (BlockSensitivity b : mixed) {
            assertNull(b.logSensitivity());
            assertTrue(b.note().startsWith("undefined: Theorem 5 needs every reduced operator square"), b.note());
        }
        assertNull(BlockSensitivity.ofReduced(Arrays.asList(new double[] {2, 1}, null), F32.subList(0, 2)).get(1)
                .logSensitivity());
        List<BlockSensitivity> rect = BlockSensitivity.of(List.of(KoopmanOperator.fromDense(Matrix.identity(2), null),
                KoopmanOperator.fromDense(Matrix.zeros(2, 3).plus(Matrix.fromRows(new double[][] {{1, 0, 0}, {0, 1, 0}})),
                        null)), F32.subList(0, 2));
        assertTrue(rect.get(0).note().startsWith("undefined"), rect.get(0).note());
        assertThrows(IllegalArgumentException.class, () -> BlockSensitivity.of(List.of(
                KoopmanOperator.fromDense(Matrix.identity(2), null)), F32));
        assertEquals(0.0, BlockSensitivity.of(List.of(KoopmanOperator.fromDense(Matrix.zeros(2, 3), null)),
                F32.subList(0, 1)).get(0).logSensitivity(), "one block of any shape: the identity");
    }

    @Test
    void templateAgreementAveragesTheClassesWithAValueAndIgnoresLabelsOutsideTheClasses() {
        // Three classes on 3 pixels; class c lights pixel c. A fourth label (3) is not a class of the map.
        float[] inputs = {1, 0, 0, 0, 1, 0, 0, 0, 1, 0.5f, 0.5f, 0.5f};
        int[] labels = {0, 1, 2, 3};
        // Overall mean (0.375, 0.375, 0.375): template_c = e_c − 0.375, a map proportional to e_c correlates 1.
        FeatureWeights fw = new FeatureWeights(new int[] {3}, new double[][] {{2, 0, 0}, {0, 5, 0}, {0, 0, 1}});
        TemplateAgreement a = TemplateAgreement.of(fw, inputs, labels, 4);
        for (int c = 0; c < 3; c++) {
            assertEquals(1.0, a.perClass()[c], 1e-12);
        }
        assertEquals(1.0, a.mean(), 1e-12);
        assertEquals(4, a.samples());
        // A class without samples has no value and does not enter the mean (the sample labelled 3 lights pixel
        // 2 and counts in the overall mean only).
        TemplateAgreement missing = TemplateAgreement.of(fw, Arrays.copyOf(inputs, 9), new int[] {0, 1, 3}, 3);
        assertNull(missing.perClass()[2]);
        assertEquals(1.0, missing.mean(), 1e-12);
        // Correlations a rounding above 1 are accepted, clearly above are not.
        new TemplateAgreement(new Double[] {1.0 + 5e-10, -1.0 - 5e-10}, 0.0, 1);
        assertThrows(IllegalArgumentException.class, () -> new TemplateAgreement(new Double[] {1.0 + 2e-9}, 1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> new TemplateAgreement(new Double[] {-1.0 - 2e-9}, -1.0, 1));
    }
}
