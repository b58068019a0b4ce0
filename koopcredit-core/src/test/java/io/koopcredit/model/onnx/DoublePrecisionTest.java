package io.koopcredit.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import io.koopcredit.base.InputException;
import io.koopcredit.model.BlockActivations;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.model.Precision;
import io.koopcredit.model.onnx.GraphBuilder.Naming;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Blocks converted to float64 compute the same function as the float32 network, in double precision: the
 * rewritten Conv and AveragePool equal a direct double-precision loop to 1e-12, and every block of the
 * bundled and generated models agrees with its float32 evaluation to float32 accuracy.
 */
class DoublePrecisionTest {

    @TempDir
    Path dir;

    /** A float32 evaluation of a block differs from the exact value by a few float32 roundings per sum. */
    static final double FLOAT32_AGREEMENT = 1e-5;

    /** The float64 rewrite against a direct double loop: the same sums in another order. */
    static final double FLOAT64_AGREEMENT = 1e-12;

    @ParameterizedTest(name = "Conv C={0} M={1} k={2}x{3} stride={4} dil={5} pad={6} group={7} auto_pad={8}")
    @CsvSource({
        "1, 6, 5, 5, 1, 1, 2, 1, NOTSET",
        "6, 16, 5, 5, 1, 1, 0, 1, NOTSET",
        "3, 4, 3, 3, 2, 1, 1, 1, NOTSET",
        "2, 4, 3, 2, 1, 2, 1, 1, NOTSET",
        "4, 6, 3, 3, 1, 1, 1, 2, NOTSET",
        "4, 4, 3, 3, 1, 1, 0, 4, NOTSET",
        "3, 5, 3, 3, 2, 1, 0, 1, SAME_UPPER",
        "3, 5, 4, 4, 1, 1, 0, 1, SAME_LOWER",
        "2, 3, 1, 1, 1, 1, 0, 1, VALID"
    })
    void convRewriteEqualsDirectDoubleLoop(int c, int m, int kh, int kw, int stride, int dil, int pad, int group,
                                          String autoPad) {
        int h = 9;
        int w = 8;
        Random r = new Random(c * 1000L + m * 100L + kh * 10L + stride + dil + pad + group);
        float[] weights = gaussian(r, m * (c / group) * kh * kw);
        float[] bias = gaussian(r, m);
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, 1);
        String x = b.input("x", GraphBuilder.DYNAMIC, c, h, w);
        String wt = b.floats("conv.weight", weights, m, c / group, kh, kw);
        String bt = b.floats("conv.bias", bias, m);
        // ONNX Runtime refuses pads beside an auto_pad other than NOTSET.
        AttributeProto padding = autoPad.equals("NOTSET") ? GraphBuilder.ints("pads", pad, pad, pad, pad)
                : GraphBuilder.stringAttr("auto_pad", autoPad);
        String y = b.node("Conv", "conv", List.of(x, wt, bt), GraphBuilder.ints("kernel_shape", kh, kw),
                GraphBuilder.ints("strides", stride, stride), GraphBuilder.ints("dilations", dil, dil), padding,
                GraphBuilder.intAttr("group", group));
        b.output(y);
        Path model = b.save(dir, "conv.onnx");
        int count = 3;
        double[] input = doubles(gaussian(r, count * c * h * w));
        try (OnnxNetwork net = OnnxNetwork.load(model);
             PartitionedNetwork pn = net.compile(net.partition(null), Precision.FLOAT64, false)) {
            assertEquals(Precision.FLOAT64, pn.block(0).precision());
            double[] got = pn.block(0).apply(input, count);
            int[] out = net.layers().get(0).outputShape().dims();
            double[] expected = directConv(input, count, c, h, w, weights, bias, m, kh, kw, stride, dil, pad, group,
                    autoPad, out[1], out[2]);
            assertEquals(expected.length, got.length);
            assertTrue(maxRelative(got, expected) <= FLOAT64_AGREEMENT, "max relative error " + maxRelative(got, expected));
        }
    }

    @ParameterizedTest(name = "AveragePool k={0} stride={1} pad={2} count_include_pad={3}")
    @CsvSource({"2, 2, 0, 0", "3, 1, 1, 0", "3, 2, 1, 1", "3, 3, 0, 0"})
    void averagePoolRewriteEqualsDirectDoubleLoop(int k, int stride, int pad, int includePad) {
        int c = 2;
        int h = 7;
        int w = 7;
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, 1);
        String x = b.input("x", GraphBuilder.DYNAMIC, c, h, w);
        String y = b.node("AveragePool", "pool", List.of(x), GraphBuilder.ints("kernel_shape", k, k),
                GraphBuilder.ints("strides", stride, stride), GraphBuilder.ints("pads", pad, pad, pad, pad),
                GraphBuilder.intAttr("count_include_pad", includePad));
        b.output(y);
        Path model = b.save(dir, "avg.onnx");
        int count = 2;
        double[] input = doubles(gaussian(new Random(k * 10L + stride), count * c * h * w));
        try (OnnxNetwork net = OnnxNetwork.load(model);
             PartitionedNetwork pn = net.compile(net.partition(null), Precision.FLOAT64, false)) {
            double[] got = pn.block(0).apply(input, count);
            int[] out = net.layers().get(0).outputShape().dims();
            double[] expected = new double[count * c * out[1] * out[2]];
            for (int s = 0; s < count; s++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int i = 0; i < out[1]; i++) {
                        for (int j = 0; j < out[2]; j++) {
                            double sum = 0;
                            int n = 0;
                            for (int di = 0; di < k; di++) {
                                for (int dj = 0; dj < k; dj++) {
                                    int yi = i * stride + di - pad;
                                    int xj = j * stride + dj - pad;
                                    if (yi >= 0 && yi < h && xj >= 0 && xj < w) {
                                        sum += input[((s * c + ch) * h + yi) * w + xj];
                                        n++;
                                    }
                                }
                            }
                            expected[((s * c + ch) * out[1] + i) * out[2] + j] = sum / (includePad == 1 ? k * k : n);
                        }
                    }
                }
            }
            assertTrue(maxRelative(got, expected) <= FLOAT64_AGREEMENT, "max relative error " + maxRelative(got, expected));
        }
    }

    @Test
    void everyBlockOfTheBundledAndGeneratedModelsAgreesWithFloat32() {
        List<Path> models = List.of(Path.of("models/lenet5-mnist.onnx"), Path.of("models/mlp81-mnist.onnx"),
                Path.of("models/resnet14-fashion.onnx"),
                TestModels.lenet(dir, Naming.PYTORCH), TestModels.batchNorm(dir), TestModels.residual(dir),
                TestModels.sigmoidTanh(dir), TestModels.matMulAdd(dir), TestModels.flattenOrReshape(dir, true),
                TestModels.dropout(dir));
        for (Path model : models) {
            try (OnnxNetwork net = OnnxNetwork.load(model)) {
                BlockPartition p = net.partition(null);
                int count = 5;
                float[] x = ReferenceRunner.randomInputs(count * p.block(0).nIn(), 11);
                try (PartitionedNetwork f32 = net.compile(p, Precision.FLOAT32, false);
                     PartitionedNetwork f64 = net.compile(p, Precision.FLOAT64, false)) {
                    BlockActivations acts = f32.activations(x, count);
                    for (int i = 0; i < p.size(); i++) {
                        double[] a = f32.block(i).apply(acts.input(i), count);
                        double[] d = f64.block(i).apply(acts.input(i), count);
                        assertEquals(Precision.FLOAT64, f64.block(i).precision());
                        double err = maxRelative(a, d);
                        assertTrue(err <= FLOAT32_AGREEMENT, model.getFileName() + " block " + p.block(i).name()
                                + ": float32 and float64 differ by " + err);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestModels.PoolStyle.class)
    void aGlobalPoolLayerOfEveryStyleRunsInDouble(TestModels.PoolStyle style) {
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.globalPool(dir, style))) {
            BlockPartition p = net.partition(null);
            int pool = 2;
            assertEquals(List.of(style.op()), p.block(pool).ops());
            int count = 4;
            float[] x = ReferenceRunner.randomInputs(count * p.block(0).nIn(), 13);
            try (PartitionedNetwork f32 = net.compile(p, Precision.FLOAT32, false);
                 PartitionedNetwork f64 = net.compile(p, Precision.FLOAT64, false)) {
                BlockActivations acts = f32.activations(x, count);
                double[] in = acts.input(pool);
                double[] d = f64.block(pool).apply(in, count);
                assertEquals(Precision.FLOAT64, f64.block(pool).precision());
                // The pool over each channel's 8 x 8 grid, in double.
                boolean max = style.op().contains("Max");
                double[] expected = new double[count * 4];
                for (int k = 0; k < expected.length; k++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    for (int j = 0; j < 64; j++) {
                        acc = max ? Math.max(acc, in[k * 64 + j]) : acc + in[k * 64 + j];
                    }
                    expected[k] = max ? acc : acc / 64;
                }
                double error = maxRelative(d, expected);
                assertTrue(error <= FLOAT64_AGREEMENT, "max relative error " + error);
                for (int i = 0; i < p.size(); i++) {
                    double err = maxRelative(f32.block(i).apply(acts.input(i), count),
                            f64.block(i).apply(acts.input(i), count));
                    assertTrue(err <= FLOAT32_AGREEMENT, style + " block " + p.block(i).name() + ": " + err);
                }
            }
        }
    }

    @Test
    void anOperationWithoutADoubleKernelIsNamedWithItsBlock() {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, 1);
        String x = b.input("x", GraphBuilder.DYNAMIC, 6);
        x = b.gemm(x, "fc1", 6, 5);
        x = b.node("Elu", null, List.of(x));
        x = b.gemm(x, "fc2", 5, 3);
        b.output(x);
        Path model = b.save(dir, "elu.onnx");
        try (OnnxNetwork net = OnnxNetwork.load(model)) {
            BlockPartition p = net.partition(null);
            InputException e = assertThrows(InputException.class, () -> net.compile(p, Precision.FLOAT64, false).close());
            assertTrue(e.getMessage().contains("block fc1") && e.getMessage().contains("no double kernel for Elu"),
                    e.getMessage());
            try (PartitionedNetwork pn = net.compile(p, Precision.FLOAT64, true)) {
                assertEquals(Precision.FLOAT32, pn.block(0).precision(), "fc1 falls back");
                assertTrue(pn.block(0).precisionNote().orElseThrow().contains("no double kernel for Elu"));
                assertEquals(Precision.FLOAT64, pn.block(1).precision(), "fc2 runs in double");
                assertTrue(pn.block(1).precisionNote().isEmpty());
            }
        }
    }

    private static double[] directConv(double[] x, int count, int c, int h, int w, float[] weights, float[] bias,
                                       int m, int kh, int kw, int stride, int dil, int pad, int group, String autoPad,
                                       int oh, int ow) {
        int padTop = pad;
        int padLeft = pad;
        if (autoPad.startsWith("SAME")) {
            int totalH = Math.max(0, (oh - 1) * stride + dil * (kh - 1) + 1 - h);
            int totalW = Math.max(0, (ow - 1) * stride + dil * (kw - 1) + 1 - w);
            padTop = autoPad.equals("SAME_UPPER") ? totalH / 2 : totalH - totalH / 2;
            padLeft = autoPad.equals("SAME_UPPER") ? totalW / 2 : totalW - totalW / 2;
        } else if (autoPad.equals("VALID")) {
            padTop = 0;
            padLeft = 0;
        }
        int cg = c / group;
        int mg = m / group;
        double[] y = new double[count * m * oh * ow];
        for (int s = 0; s < count; s++) {
            for (int mo = 0; mo < m; mo++) {
                int g = mo / mg;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double sum = bias[mo];
                        for (int ci = 0; ci < cg; ci++) {
                            for (int a = 0; a < kh; a++) {
                                for (int bb = 0; bb < kw; bb++) {
                                    int yi = i * stride + a * dil - padTop;
                                    int xj = j * stride + bb * dil - padLeft;
                                    if (yi >= 0 && yi < h && xj >= 0 && xj < w) {
                                        sum += (double) weights[((mo * cg + ci) * kh + a) * kw + bb]
                                                * x[((s * c + g * cg + ci) * h + yi) * w + xj];
                                    }
                                }
                            }
                        }
                        y[((s * m + mo) * oh + i) * ow + j] = sum;
                    }
                }
            }
        }
        return y;
    }

    private static float[] gaussian(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static double[] doubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** @return max |a − b| / max(max |b|, tiny) over the arrays */
    private static double maxRelative(double[] a, double[] b) {
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            scale = Math.max(scale, Math.abs(b[i]));
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
        }
        return diff / Math.max(scale, Double.MIN_NORMAL);
    }
}
