package io.koopcredit.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditAnalysis;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.ProgressListener;
import io.koopcredit.koopman.EstimatorKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue #9's criteria on a planted analysis: rank correlation of log credits and fidelity within 0.15. */
class ReferenceAgreementTest {

    private static CreditResult analysis() {
        AnalysisOptions o = AnalysisOptions.forEstimator(EstimatorKind.ONE_STEP).withSamples(40).withHoldout(20)
                .withThreads(1);
        return CreditAnalysis.run(Planted.linearChain(), Planted.data(40, 20, Planted.WIDTH, false), o,
                ProgressListener.NONE);
    }

    /** A reference made of the analysis's own numbers, each changed by the given amounts. */
    private static ReferenceAgreement.Reference reference(CreditResult r, double[] creditShift, double[] fidelityShift,
                                                          double required) {
        List<ReferenceAgreement.ReferenceBlock> blocks = new ArrayList<>();
        for (int i = 0; i < r.blocks().size(); i++) {
            BlockResult b = r.blocks().get(i);
            blocks.add(new ReferenceAgreement.ReferenceBlock(b.name(), b.credit().logCredit() + creditShift[i], 0.5,
                    Math.max(0, b.fidelity().median() + fidelityShift[i])));
        }
        return new ReferenceAgreement.Reference("planted", blocks, required);
    }

    @Test
    void theSameNumbersAgreeAndTheCriteriaCanFail() {
        CreditResult r = analysis();
        double[] none = new double[4];
        ReferenceAgreement.Result same = ReferenceAgreement.compare(reference(r, none, none, 0.9), r);
        assertEquals(1.0, same.spearman(), 1e-12);
        assertTrue(same.agrees());
        assertTrue(same.blocks().stream().allMatch(ReferenceAgreement.BlockAgreement::fidelityAgrees));

        // Credits 0, ln 0.01 ≈ −18.4, ln 3 ≈ 4.4 (×4), readout: reverse the order of the first three.
        double[] reorder = {-30, 30, -30, 0};
        ReferenceAgreement.Result swapped = ReferenceAgreement.compare(reference(r, reorder, none, 0.9), r);
        assertTrue(swapped.spearman() < 0.9);
        assertFalse(swapped.agrees());

        // One fidelity 0.2 off: beyond 0.15.
        double[] off = {0, 0.2, 0, 0};
        ReferenceAgreement.Result fid = ReferenceAgreement.compare(reference(r, none, off, 0.9), r);
        assertFalse(fid.blocks().get(1).fidelityAgrees());
        assertFalse(fid.agrees());
        // 0.1 off is within.
        double[] near = {0, 0.1, 0, 0};
        assertTrue(ReferenceAgreement.compare(reference(r, none, near, 0.9), r).agrees());
    }

    @Test
    void referenceFidelitiesAboveTheCheckedRangeAreNotCompared() {
        CreditResult r = analysis();
        double[] far = {0, 5, 0, 0};
        ReferenceAgreement.Result a = ReferenceAgreement.compare(reference(r, new double[4], far, 0.9), r);
        assertFalse(a.blocks().get(1).fidelityChecked());
        assertTrue(a.agrees(), "a reference worse than predicting zero is not held against the analysis");
    }

    @Test
    void blocksMustMatchByNameAndOrder() {
        CreditResult r = analysis();
        List<ReferenceAgreement.ReferenceBlock> blocks = new ArrayList<>(reference(r, new double[4], new double[4],
                0.9).blocks());
        blocks.set(0, new ReferenceAgreement.ReferenceBlock("other", 0, 0, 0.1));
        assertThrows(IllegalArgumentException.class,
                () -> ReferenceAgreement.compare(new ReferenceAgreement.Reference("planted", blocks, 0.9), r));
        assertThrows(IllegalArgumentException.class, () -> ReferenceAgreement.compare(
                new ReferenceAgreement.Reference("planted", blocks.subList(0, 3), 0.9), r));
    }
}
