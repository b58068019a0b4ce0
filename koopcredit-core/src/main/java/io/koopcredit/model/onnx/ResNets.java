package io.koopcredit.model.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.koopcredit.base.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Residual networks with seeded random weights, built as ONNX models the way PyTorch exports them in
 * evaluation mode (Conv without bias, BatchNormalization, Relu, residual Add, MaxPool, GlobalAveragePool,
 * Flatten, Gemm), for the scaling benchmark ({@code koopcredit bench --scale}): no large model file enters
 * the repository.
 *
 * <p>Initialisation follows PyTorch's torchvision defaults: convolution weights N(0, 2 / fan_out) (Kaiming
 * normal, fan-out mode, for ReLU), BatchNormalization with scale 1, shift 0, running mean 0 and running
 * variance 1, and the classifier's weights and bias uniform in ±1/√fan_in. Every tensor is drawn from its
 * own {@link Seeds#generator} stream, so a model is a function of its shape and seed alone.
 */
public final class ResNets {
    private ResNets() {
    }

    /**
     * The shape of a residual network of basic blocks (two 3×3 convolutions and a shortcut each).
     *
     * @param name the model's name
     * @param channels input channels
     * @param size input height and width
     * @param stemKernel kernel of the first convolution (3 for CIFAR, 7 for ImageNet)
     * @param stemStride its stride
     * @param stemPool whether a 3×3 stride-2 max pooling follows the first convolution
     * @param widths output channels of each stage
     * @param blocks basic blocks per stage
     * @param classes outputs of the classifier
     */
    public record Shape(String name, int channels, int size, int stemKernel, int stemStride, boolean stemPool,
                        int[] widths, int blocks, int classes) {
        /** Validates the extents. */
        public Shape {
            if (channels < 1 || size < 1 || stemKernel < 1 || stemStride < 1 || widths.length < 1 || blocks < 1
                    || classes < 1) {
                throw new IllegalArgumentException("invalid ResNet shape " + name);
            }
            widths = widths.clone();
        }

        /** @return the widths (a copy) */
        @Override
        public int[] widths() {
            return widths.clone();
        }
    }

    /** CIFAR-style ResNet-20 (He et al. 2016): 3×32×32, stages of 16, 32, 64 channels, 3 blocks each, 10 classes. */
    public static final Shape RESNET20 = new Shape("resnet20", 3, 32, 3, 1, false, new int[] {16, 32, 64}, 3, 10);

    /** ResNet-18: 3×224×224, 7×7 stride-2 stem and max pooling, stages of 64..512 channels, 2 blocks each. */
    public static final Shape RESNET18 = new Shape("resnet18", 3, 224, 7, 2, true, new int[] {64, 128, 256, 512}, 2,
            1000);

    /**
     * The block-dimension sweep of {@code bench --scale}: one residual stage of 4 channels on 3 × s × s inputs,
     * so that the widest blocks (the stem convolution, 3s² → 4s², and the residual unit, 4s² → 4s²) have
     * 4s² = 1,024, 10,000, 99,856 and 802,816 dimensions (issue #10: 10³ … 8·10⁵) while the arithmetic per
     * dimension stays the same (few channels, the same 3 × 3 kernels): what grows is the dimension alone.
     */
    public static final List<Shape> DIMENSION_SWEEP = List.of(sweep(16), sweep(50), sweep(158), sweep(448));

    private static Shape sweep(int size) {
        return new Shape("sweep-d" + 4 * size * size, 3, size, 3, 1, false, new int[] {4}, 1, 10);
    }

    /**
     * Builds a model.
     *
     * @param shape its shape
     * @param seed seed of its weights
     * @return the model
     */
    public static ModelProto build(Shape shape, long seed) {
        Builder b = new Builder(seed);
        String x = b.g.input("input", GraphBuilder.DYNAMIC, shape.channels(), shape.size(), shape.size());
        int[] widths = shape.widths();
        int c = widths[0];
        x = b.conv(x, "conv1", shape.channels(), c, shape.stemKernel(), shape.stemStride(), shape.stemKernel() / 2);
        x = b.g.unary("Relu", b.batchNorm(x, "bn1", c));
        if (shape.stemPool()) {
            x = b.g.node("MaxPool", "maxpool", List.of(x), GraphBuilder.ints("kernel_shape", 3, 3),
                    GraphBuilder.ints("pads", 1, 1, 1, 1), GraphBuilder.ints("strides", 2, 2));
        }
        for (int s = 0; s < widths.length; s++) {
            for (int k = 0; k < shape.blocks(); k++) {
                int stride = s > 0 && k == 0 ? 2 : 1;
                x = b.basicBlock(x, "layer" + (s + 1) + "." + k, c, widths[s], stride);
                c = widths[s];
            }
        }
        x = b.g.node("GlobalAveragePool", "avgpool", List.of(x));
        x = b.g.node("Flatten", null, List.of(x), GraphBuilder.intAttr("axis", 1));
        x = b.linear(x, "fc", c, shape.classes());
        b.g.output(x);
        return b.g.build().toBuilder().setProducerName("koopcredit ResNets").setProducerVersion(shape.name()).build();
    }

    /**
     * Builds a model and writes it.
     *
     * @param shape its shape
     * @param seed seed of its weights
     * @param dir an existing folder
     * @return the file, {@code <name>-<seed>.onnx} in {@code dir}
     */
    public static Path save(Shape shape, long seed, Path dir) {
        Path p = dir.resolve(shape.name() + "-" + seed + ".onnx");
        try {
            Files.write(p, build(shape, seed).toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Layers with PyTorch's default initialisation; one generator stream per tensor. */
    private static final class Builder {
        final GraphBuilder g = new GraphBuilder(GraphBuilder.Naming.PYTORCH, 0);
        final long seed;
        int tensors;

        Builder(long seed) {
            this.seed = seed;
        }

        SplittableRandom next() {
            return Seeds.generator(seed, tensors++, 0);
        }

        String conv(String x, String scope, int in, int out, int k, int stride, int pad) {
            float[] w = new float[out * in * k * k];
            double[] z = new double[w.length];
            Seeds.fillGaussian(next(), z);
            double std = Math.sqrt(2.0 / (out * k * k));
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (z[i] * std);
            }
            String weight = g.rawFloats(scope + ".weight", w, out, in, k, k);
            return g.node("Conv", scope, List.of(x, weight), GraphBuilder.ints("kernel_shape", k, k),
                    GraphBuilder.ints("pads", pad, pad, pad, pad), GraphBuilder.ints("strides", stride, stride));
        }

        String batchNorm(String x, String scope, int channels) {
            float[] ones = new float[channels];
            java.util.Arrays.fill(ones, 1f);
            float[] zeros = new float[channels];
            String s = g.rawFloats(scope + ".weight", ones, channels);
            String b = g.rawFloats(scope + ".bias", zeros, channels);
            String m = g.rawFloats(scope + ".running_mean", zeros, channels);
            String v = g.rawFloats(scope + ".running_var", ones, channels);
            return g.node("BatchNormalization", scope, List.of(x, s, b, m, v),
                    GraphBuilder.floatAttr("epsilon", 1e-5f), GraphBuilder.floatAttr("momentum", 0.9f));
        }

        String basicBlock(String x, String scope, int in, int out, int stride) {
            String y = conv(x, scope + ".conv1", in, out, 3, stride, 1);
            y = g.node("Relu", scope + ".relu", List.of(batchNorm(y, scope + ".bn1", out)));
            y = batchNorm(conv(y, scope + ".conv2", out, out, 3, 1, 1), scope + ".bn2", out);
            String shortcut = x;
            if (stride != 1 || in != out) {
                shortcut = batchNorm(conv(x, scope + ".downsample.0", in, out, 1, stride, 0), scope + ".downsample.1",
                        out);
            }
            String sum = g.node("Add", scope, List.of(y, shortcut));
            return g.node("Relu", scope + ".relu_1", List.of(sum));
        }

        String linear(String x, String scope, int in, int out) {
            SplittableRandom rng = next();
            double bound = 1.0 / Math.sqrt(in);
            float[] w = new float[out * in];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
            }
            float[] bias = new float[out];
            for (int i = 0; i < out; i++) {
                bias[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
            }
            String weight = g.rawFloats(scope + ".weight", w, out, in);
            String b = g.rawFloats(scope + ".bias", bias, out);
            return g.node("Gemm", scope, List.of(x, weight, b), GraphBuilder.floatAttr("alpha", 1f),
                    GraphBuilder.floatAttr("beta", 1f), GraphBuilder.intAttr("transB", 1));
        }
    }
}
