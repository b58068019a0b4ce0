package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.koopman.KoopmanOperator;
import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.Block;
import io.koopcredit.model.Layer;
import io.koopcredit.model.LayerType;
import io.koopcredit.model.TensorShape;
import io.koopcredit.testing.TestMatrices;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreditMeasuresTest {

    @Test
    void blockCreditIsTheLogPseudoDeterminant() {
        // Planted singular values 4, 2, 0.5 and an exact zero direction: pdet = 4, rank 3.
        Matrix u = Linalg.qr(TestMatrices.gaussian(5, 4, 1)).q();
        Matrix v = Linalg.qr(TestMatrices.gaussian(6, 4, 2)).q();
        Matrix k = Linalg.multiplyTransposeB(u.scaleColumns(new double[] {4, 2, 0.5, 0}), v);
        BlockCredit c = BlockCredit.of(KoopmanOperator.fromDense(k, null), CreditTolerance.DOUBLE).orElseThrow();
        assertEquals(3, c.rank());
        assertEquals(Math.log(4), c.logCredit(), 1e-12);
        assertEquals(Math.log(4) / 3, c.logCreditPerDim(), 1e-12);
        // The paper's non-square rule: sqrt(det(K Kᵀ)) restricted to the non-zero part is the same product.
        assertTrue(BlockCredit.of(KoopmanOperator.zero(5, 6, null), CreditTolerance.FLOAT32).isEmpty());
    }

    @Test
    void hugeCreditsStayFiniteInLogSpace() {
        Matrix big = Matrix.identity(300).scale(1e5);
        BlockCredit c = BlockCredit.of(KoopmanOperator.fromDense(big, null), CreditTolerance.FLOAT32).orElseThrow();
        assertEquals(300 * Math.log(1e5), c.logCredit(), 1e-8);
    }

    @Test
    void kernelCreditUsesTheRowsOfEachChannel() {
        // Output 2 channels × 1×2 map, input 3: rows 0-1 belong to channel 0, rows 2-3 to channel 1.
        Matrix k = Matrix.fromRows(new double[][] {{2, 0, 0}, {0, 3, 0}, {0, 0, 0}, {0, 0, 0}});
        Layer conv = new Layer("conv1", LayerType.CONV, List.of("Conv"), TensorShape.of(3), TensorShape.of(2, 1, 2), 1, 0);
        Block block = new Block(0, "conv1", List.of(conv));
        List<KernelCredit> kc = KernelCredit.of(block, KoopmanOperator.fromDense(k, null), CreditTolerance.FLOAT32);
        assertEquals(2, kc.size());
        assertEquals(Math.log(6), kc.get(0).logCredit(), 1e-12);
        assertEquals(2, kc.get(0).rank());
        assertEquals(null, kc.get(1).logCredit(), "a channel whose rows are zero has no credit");
        assertTrue(KernelCredit.applies(block));
    }

    @Test
    void featureWeightsAreTheRowsOfTheProduct() {
        Matrix k1 = TestMatrices.gaussian(5, 9, 3);
        Matrix k2 = TestMatrices.gaussian(4, 5, 4);
        Matrix k3 = TestMatrices.gaussian(2, 4, 5);
        FeatureWeights fw = FeatureWeights.of(List.of(KoopmanOperator.fromDense(k1, null),
                KoopmanOperator.fromDense(k2, null), KoopmanOperator.fromDense(k3, null)), new int[] {1, 3, 3});
        Matrix k = Linalg.multiply(k3, Linalg.multiply(k2, k1));
        assertEquals(2, fw.classes());
        for (int c = 0; c < 2; c++) {
            assertArrayEquals(k.row(c), fw.weights()[c], 1e-12);
        }
        float[] sample = {1, 0, 2, 0, 0, 0, 0, 0, 1};
        double[] contribution = fw.contribution(sample, 1);
        assertEquals(k.get(1, 0), contribution[0], 1e-12);
        assertEquals(2 * k.get(1, 2), contribution[2], 1e-12);
        assertEquals(0.0, contribution[1], 0.0);
    }

    @Test
    void fidelityIsZeroForAnExactOperatorAndOneForZero() {
        Matrix w = TestMatrices.gaussian(3, 4, 6);
        Matrix x = TestMatrices.gaussian(4, 50, 7);
        double[] y = Linalg.multiply(w, x).toColumnMajor();
        Fidelity exact = Fidelity.measure(KoopmanOperator.fromDense(w, null), x.toColumnMajor(), y, 50);
        assertEquals(0.0, exact.median(), 1e-12);
        assertEquals(50, exact.samples());
        Fidelity zero = Fidelity.measure(KoopmanOperator.zero(3, 4, null), x.toColumnMajor(), y, 50);
        assertEquals(1.0, zero.median(), 1e-12);
    }

    @Test
    void meanOfOperatorsIsTheMeanOfTheirMatrices() {
        Matrix a = TestMatrices.gaussian(6, 4, 8);
        Matrix b = TestMatrices.gaussian(6, 4, 9);
        KoopmanOperator mean = KoopmanOperator.mean(List.of(KoopmanOperator.fromDense(a, null),
                KoopmanOperator.fromDense(b, null)));
        assertTrue(TestMatrices.maxAbsDiff(a.plus(b).scale(0.5), mean.dense()) < 1e-12);
    }

    @Test
    void templateAgreementIsOneForAMapEqualToTheClassTemplate() {
        // Two classes, 4 pixels: class 0 lights pixel 0, class 1 lights pixel 3.
        float[] inputs = {1, 0, 0, 0, 1, 0, 0.5f, 0, 0, 0, 0, 1, 0, 0, 0.5f, 1};
        int[] labels = {0, 0, 1, 1};
        // Templates: class mean minus overall mean.
        double[] t0 = {1 - 0.5, 0, 0.25 - 0.25, 0 - 0.5};
        double[] t1 = {0 - 0.5, 0, 0.25 - 0.25, 1 - 0.5};
        double[] inverted = {-t1[0] * 3, -t1[1] * 3, -t1[2] * 3, -t1[3] * 3};
        FeatureWeights fw = new FeatureWeights(new int[] {4}, new double[][] {t0, inverted});
        TemplateAgreement a = TemplateAgreement.of(fw, inputs, labels, 4);
        assertEquals(1.0, a.perClass()[0], 1e-12);
        assertEquals(-1.0, a.perClass()[1], 1e-12);
        assertEquals(0.0, a.mean(), 1e-12);
        assertEquals(4, a.samples());
        FeatureWeights constant = new FeatureWeights(new int[] {4}, new double[][] {{1, 1, 1, 1}, t1});
        assertEquals(null, TemplateAgreement.of(constant, inputs, labels, 4).perClass()[0], "constant map: undefined");
    }
}
