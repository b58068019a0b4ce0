package io.koopcredit.validation.lesion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.base.InvalidOptionException;
import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.CreditAnalysis;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.ProgressListener;
import io.koopcredit.credit.Workers;
import io.koopcredit.linalg.Vectors;
import io.koopcredit.model.Network;
import io.koopcredit.model.onnx.OnnxNetwork;
import io.koopcredit.model.onnx.TestModels;
import io.koopcredit.model.onnx.TestModels.ResNetVariant;
import io.koopcredit.validation.Planted;
import io.koopcredit.validation.stats.Criterion;
import io.koopcredit.validation.stats.DamageMeasure;
import io.koopcredit.validation.stats.RankCorrelation;
import io.koopcredit.validation.stats.RankingScope;
import io.koopcredit.validation.stats.ScoreKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lesion studies on a tiny residual network, checked against networks with the lesion planted by hand. */
class LesionCheckTest {

    private static final int FIT = 40;
    private static final int HELD = 30;
    private static final int INPUT = 36;

    @TempDir
    Path dir;

    private static AnalysisData data() {
        return Planted.data(FIT, HELD, INPUT, 0);
    }

    private static LesionResult run(Network net, CreditResult base, AnalysisData data, List<String> units,
                                    int threads) {
        ExecutorService pool = Workers.pool(threads, "test");
        try {
            return LesionCheck.run(net, base, data, new LesionCheck.Plan(units, 40, 7), pool, ProgressListener.NONE);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The mean of ‖z′ − z‖ / ‖z‖ over the samples, computed here from the two networks' outputs. */
    private static double relativeChange(double[] z, double[] lesioned, int classes) {
        double sum = 0;
        for (int j = 0; j < z.length / classes; j++) {
            double[] a = java.util.Arrays.copyOfRange(z, j * classes, (j + 1) * classes);
            double[] d = new double[classes];
            for (int c = 0; c < classes; c++) {
                d[c] = lesioned[j * classes + c] - a[c];
            }
            sum += Vectors.norm(d) / Vectors.norm(a);
        }
        return sum / (z.length / classes);
    }

    @Test
    void everyUnitAndKernelIsLesionedAndTheDamagesAreThoseOfTheHandLesionedNetworks() {
        AnalysisData data = data();
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.tinyResNet(dir, ResNetVariant.INTACT, false));
             OnnxNetwork noUnit1 = OnnxNetwork.load(TestModels.tinyResNet(dir, ResNetVariant.WITHOUT_UNIT1_BRANCH,
                     false))) {
            CreditResult base = CreditAnalysis.run(net, data, Planted.oneStep(FIT, HELD), ProgressListener.NONE);
            LesionResult r = run(net, base, data, null, 2);
            assertEquals(ScoreKind.AGREEMENT, r.scoreKind());
            assertEquals(1.0, r.baselineScore());
            assertEquals(List.of("unit1_conv1+unit1_conv2", "unit2_proj-unit2_conv2"),
                    r.units().stream().map(UnitLesion::block).toList());
            assertEquals(List.of("identity", "projection (unit2_proj)"),
                    r.units().stream().map(UnitLesion::shortcut).toList());
            assertNull(r.unitsNote());
            assertEquals(21, r.kernels().size(), "3 + 3 + 3 + 4 + 4 + 4 kernels");

            // unit1's lesion is the network built without unit1's Add.
            double[] z = net.outputs(data.holdout(), HELD);
            double[] planted = noUnit1.outputs(data.holdout(), HELD);
            int agree = 0;
            for (int j = 0; j < HELD; j++) {
                agree += Vectors.argmax(z, j * 3, 3) == Vectors.argmax(planted, j * 3, 3) ? 1 : 0;
            }
            Damage unit1 = r.units().get(0).damage();
            assertEquals((double) agree / HELD, unit1.score(), 1e-15);
            assertEquals(1.0 - unit1.score(), unit1.scoreDrop(), 1e-15);
            assertEquals(relativeChange(z, planted, 3), unit1.outputChange(), 1e-12);
            assertEquals(HELD, unit1.changeSamples());

            // Block credits and baselines of the units.
            Importance u2 = r.units().get(1).importance();
            assertEquals(base.blocks().get(2).credit().logCredit(), u2.logCredit());
            assertTrue(u2.weightL1() > 0 && u2.activation() > 0, u2.toString());

            // Kernel credits: the stem, unit1_conv2, unit2_proj and unit2_conv2 carry their block's kernel credits;
            // the first convolution of each branch has none.
            List<String> credited = new ArrayList<>();
            for (KernelLesion k : r.kernels()) {
                if (k.importance().logCredit() != null) {
                    credited.add(k.layer());
                    assertEquals(base.blocks().get(k.blockIndex()).kernels().get(k.channel()).logCredit(),
                            k.importance().logCredit());
                } else {
                    assertTrue(k.layer().endsWith("_conv1") && k.importance().creditNote().contains("mixed by"),
                            k.layer() + ": " + k.importance().creditNote());
                }
            }
            assertEquals(14, credited.size());
        }
    }

    @Test
    void theAgreementsCompareEveryCriterionOnTheSameItemsAndTheirIntervalsAreReproducible() {
        AnalysisData data = data();
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.tinyResNet(dir, ResNetVariant.INTACT, false))) {
            CreditResult base = CreditAnalysis.run(net, data, Planted.oneStep(FIT, HELD), ProgressListener.NONE);
            LesionResult one = run(net, base, data, null, 1);
            LesionResult two = run(net, base, data, null, 2);
            assertEquals(one, two, "the same lesions and intervals whatever the threads");
            assertEquals(2 * 3 + 2 * 2 * 3, one.agreements().size(),
                    "units: measures x criteria; kernels: scopes x measures x criteria");
            List<KernelLesion> used = one.kernels().stream().filter(k -> k.importance().logCredit() != null).toList();
            for (Criterion c : Criterion.ranked()) {
                LesionAgreement a = one.agreement(LesionTarget.KERNELS, DamageMeasure.OUTPUT_CHANGE, c,
                        RankingScope.GLOBAL);
                assertEquals(7, a.excluded());
                assertEquals(1, a.groups());
                double[] x = used.stream().mapToDouble(k -> k.importance().value(c)).toArray();
                double[] y = used.stream().mapToDouble(k -> k.damage().outputChange()).toArray();
                assertEquals(RankCorrelation.of(x, y), a.correlation(), c.spec());
                assertEquals(40, a.interval().resamples());
                assertNotNull(a.interval().spearmanLower(), a.interval().note());
                assertTrue(a.interval().spearmanLower() <= a.interval().spearmanUpper());
                // Per layer: the mean of the four convolutions' own coefficients (stem, unit1_conv2, unit2_proj,
                // unit2_conv2), computed here layer by layer.
                LesionAgreement within = one.agreement(LesionTarget.KERNELS, DamageMeasure.OUTPUT_CHANGE, c,
                        RankingScope.PER_LAYER);
                double rho = 0;
                double tau = 0;
                int layers = 0;
                for (String layer : List.of("stem", "unit1_conv2", "unit2_proj", "unit2_conv2")) {
                    List<KernelLesion> in = used.stream().filter(k -> k.layer().equals(layer)).toList();
                    RankCorrelation rc = RankCorrelation.of(in.stream().mapToDouble(k -> k.importance().value(c))
                            .toArray(), in.stream().mapToDouble(k -> k.damage().outputChange()).toArray());
                    if (rc.defined()) {
                        rho += rc.spearman();
                        tau += rc.kendall();
                        layers++;
                    }
                }
                assertEquals(layers, within.groups(), c.spec());
                assertEquals(rho / layers, within.correlation().spearman(), 1e-15, c.spec());
                assertEquals(tau / layers, within.correlation().kendall(), 1e-15, c.spec());
                assertEquals(14, within.correlation().items());
            }
            LesionAgreement units = one.agreement(LesionTarget.UNITS, DamageMeasure.SCORE_DROP, Criterion.CREDIT,
                    RankingScope.GLOBAL);
            assertEquals(2, units.correlation().items());
            assertNull(one.agreement(LesionTarget.UNITS, DamageMeasure.SCORE_DROP, Criterion.CREDIT,
                    RankingScope.PER_LAYER), "units are compared across the network only");
        }
    }

    @Test
    void namedBlocksMustBeResidualUnitsOfThePartition() {
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.tinyResNet(dir, ResNetVariant.INTACT, false))) {
            var p = net.partition(null);
            assertEquals(List.of("unit2_proj-unit2_conv2"), LesionCheck.units(net, p,
                    List.of("unit2_proj-unit2_conv2")).stream().map(u -> u.block()).toList());
            InvalidOptionException stem = assertThrows(InvalidOptionException.class,
                    () -> LesionCheck.units(net, p, List.of("stem")));
            assertTrue(stem.getMessage().startsWith("lesionBlocks: ") && stem.getMessage()
                    .contains("block 'stem' is not a residual unit: expected an Add"), stem.getMessage());
            InvalidOptionException unknown = assertThrows(InvalidOptionException.class,
                    () -> LesionCheck.units(net, p, List.of("unit9")));
            assertTrue(unknown.getMessage().contains("expected blocks of the partition (stem, unit1_conv1+unit1_conv2"
                    + ", unit2_proj-unit2_conv2, pool1, fc), found 'unit9'"), unknown.getMessage());
        }
    }

    @Test
    void aChainWithoutUnitsOrConvolutionsSaysSo() {
        AnalysisData data = Planted.data(20, 10, Planted.WIDTH, true);
        Network chain = Planted.reluInTheMiddle();
        CreditResult base = CreditAnalysis.run(chain, data, Planted.oneStep(20, 10), ProgressListener.NONE);
        LesionResult r = run(chain, base, data, null, 1);
        assertTrue(r.units().isEmpty() && r.kernels().isEmpty() && r.agreements().isEmpty());
        assertEquals("no block is one residual unit (blocks: identity, relu, readout)", r.unitsNote());
        assertEquals("the network has no convolution", r.kernelsNote());
    }
}
