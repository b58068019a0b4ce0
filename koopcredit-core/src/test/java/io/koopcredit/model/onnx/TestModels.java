package io.koopcredit.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.koopcredit.model.onnx.GraphBuilder.Naming;
import java.nio.file.Path;
import java.util.List;

/** Small ONNX models generated for tests into a directory. */
public final class TestModels {

    /** Seed of every generated model's weights. */
    public static final long SEED = 20220713L;

    private TestModels() {
    }

    /**
     * A PyTorch-style LeNet-5 export that normalizes nothing and ends in Softmax: Conv 6@5x5 pad 2 + Relu,
     * MaxPool 2, Conv 16@5x5 + Relu, MaxPool 2, flatten via Shape-Gather-Unsqueeze-Concat-Reshape, Gemm
     * 400-120 Relu, 120-84 Relu, 84-10, Softmax.
     */
    public static Path lenet(Path dir, Naming naming) {
        GraphBuilder b = new GraphBuilder(naming, SEED);
        String x = b.input("input", GraphBuilder.DYNAMIC, 1, 28, 28);
        x = b.unary("Relu", b.conv(x, "conv1", 1, 6, 5, 2));
        x = b.maxPool(x, "pool1", 2);
        x = b.unary("Relu", b.conv(x, "conv2", 6, 16, 5, 0));
        x = b.maxPool(x, "pool2", 2);
        x = b.pytorchFlatten(x);
        x = b.unary("Relu", b.gemm(x, "dense1", 400, 120));
        x = b.unary("Relu", b.gemm(x, "dense2", 120, 84));
        x = b.gemm(x, "dense3", 84, 10);
        x = b.node("Softmax", null, List.of(x), GraphBuilder.intAttr("axis", 1));
        b.output(x);
        b.metadata(io.koopcredit.model.ModelInfo.PREPROCESSING_KEY, "scale");
        return b.save(dir, "lenet-" + naming.name().toLowerCase() + ".onnx");
    }

    /** An MLP 81-128-64-24-10 with Relu, like the bundled 81-wide network; {@code batch} may be fixed. */
    public static Path mlp81(Path dir, long batch) {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, SEED);
        String x = b.input("input", batch, 81);
        x = b.unary("Relu", b.gemm(x, "dense1", 81, 128));
        x = b.unary("Relu", b.gemm(x, "dense2", 128, 64));
        x = b.unary("Relu", b.gemm(x, "dense3", 64, 24));
        x = b.gemm(x, "dense4", 24, 10);
        b.output(x);
        return b.save(dir, "mlp81-" + (batch == GraphBuilder.DYNAMIC ? "dyn" : Long.toString(batch)) + ".onnx");
    }

    /** Conv, BatchNormalization, Relu, MaxPool, Flatten, Gemm. */
    public static Path batchNorm(Path dir) {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, SEED);
        String x = b.input("x", GraphBuilder.DYNAMIC, 2, 8, 8);
        x = b.conv(x, "conv", 2, 4, 3, 1);
        x = b.unary("Relu", b.batchNorm(x, "bn", 4));
        x = b.maxPool(x, "pool", 2);
        x = b.node("Flatten", null, List.of(x), GraphBuilder.intAttr("axis", 1));
        x = b.gemm(x, "fc", 64, 5);
        b.output(x);
        return b.save(dir, "batchnorm.onnx");
    }

    /** Gemm, Dropout, Relu, Gemm, Identity. */
    public static Path dropout(Path dir) {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, SEED);
        String x = b.input("x", GraphBuilder.DYNAMIC, 12);
        x = b.gemm(x, "fc1", 12, 20);
        x = b.unary("Relu", b.unary("Dropout", x));
        x = b.unary("Identity", b.gemm(x, "fc2", 20, 6));
        b.output(x);
        return b.save(dir, "dropout.onnx");
    }

    /** Conv, Relu, then Flatten (or a Reshape to [-1, 64] when {@code reshape}), Gemm. */
    public static Path flattenOrReshape(Path dir, boolean reshape) {
        GraphBuilder b = new GraphBuilder(Naming.AUTO, SEED);
        String x = b.input("x", GraphBuilder.DYNAMIC, 1, 6, 6);
        x = b.unary("Relu", b.conv(x, "conv", 1, 4, 3, 1));
        x = b.maxPool(x, "pool", 2);
        x = reshape ? b.reshapeTo(x, 36) : b.node("Flatten", null, List.of(x), GraphBuilder.intAttr("axis", 1));
        x = b.gemm(x, "fc", 36, 7);
        b.output(x);
        return b.save(dir, reshape ? "reshape.onnx" : "flatten.onnx");
    }

    /**
     * dense1 (Gemm Relu), dense2 (Gemm Relu), dense3 (Gemm, Add of dense1's output, Relu), dense4: a
     * residual unit whose merge region is dense2..dense3.
     */
    public static Path residual(Path dir) {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, SEED);
        String x = b.input("x", GraphBuilder.DYNAMIC, 16);
        String r = b.unary("Relu", b.gemm(x, "dense1", 16, 16));
        String y = b.unary("Relu", b.gemm(r, "dense2", 16, 16));
        y = b.gemm(y, "dense3", 16, 16);
        y = b.unary("Relu", b.node("Add", null, List.of(y, r)));
        y = b.gemm(y, "dense4", 16, 10);
        b.output(y);
        return b.save(dir, "residual.onnx");
    }

    /** How {@link #tinyResNet} is built: intact, or with a unit's branch left out of the graph by hand. */
    public enum ResNetVariant {
        /** The network as trained. */
        INTACT,
        /** unit1's Add left out: its ReLU reads the stem's output (the branch's nodes stay, dead). */
        WITHOUT_UNIT1_BRANCH,
        /** unit2's Add left out: its ReLU reads the projection (the branch's nodes stay, dead). */
        WITHOUT_UNIT2_BRANCH
    }

    /**
     * A tiny residual network in PyTorch's style, on [N, 1, 6, 6]: {@code stem} (Conv 1 → 3, 3×3, Relu);
     * {@code unit1} with an identity shortcut ({@code unit1_conv1} Conv Relu, {@code unit1_conv2} Conv, Add
     * of the stem's output, Relu); {@code unit2} with a projection ({@code unit2_proj} Conv 3 → 4, 1×1;
     * {@code unit2_conv1} Conv 3 → 4, Relu, {@code unit2_conv2} Conv 4 → 4, Add of the projection, Relu);
     * a global pool {@code x.mean((2, 3))} and {@code fc} (Gemm 4 → 3). Every variant draws the same
     * weights, so a variant is the intact network with one thing changed.
     *
     * @param dir where to write it
     * @param variant which network
     * @param weightsAsInputs list the units' weights as graph inputs too, as older exporters do
     * @return the model file
     */
    public static Path tinyResNet(Path dir, ResNetVariant variant, boolean weightsAsInputs) {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, SEED);
        String x = b.input("input", GraphBuilder.DYNAMIC, 1, 6, 6);
        String r0 = b.unary("Relu", b.conv(x, "stem", 1, 3, 3, 1));
        String y = b.unary("Relu", b.conv(r0, "unit1_conv1", 3, 3, 3, 1));
        y = b.conv(y, "unit1_conv2", 3, 3, 3, 1);
        String r1 = b.unary("Relu", variant == ResNetVariant.WITHOUT_UNIT1_BRANCH ? r0
                : b.node("Add", null, List.of(y, r0)));
        String proj = b.conv(r1, "unit2_proj", 3, 4, 1, 0);
        y = b.unary("Relu", b.conv(r1, "unit2_conv1", 3, 4, 3, 1));
        y = b.conv(y, "unit2_conv2", 4, 4, 3, 1);
        String r2 = b.unary("Relu", variant == ResNetVariant.WITHOUT_UNIT2_BRANCH ? proj
                : b.node("Add", null, List.of(y, proj)));
        String pooled = b.node("ReduceMean", null, List.of(r2), GraphBuilder.ints("axes", 2, 3),
                GraphBuilder.intAttr("keepdims", 0));
        b.output(b.gemm(pooled, "fc", 4, 3));
        if (weightsAsInputs) {
            b.listInitializerAsInput("unit1_conv1.weight", 3, 3, 3, 3);
            b.listInitializerAsInput("unit1_conv1.bias", 3);
            b.listInitializerAsInput("unit2_conv2.weight", 4, 4, 3, 3);
        }
        return b.save(dir, "tiny-resnet-" + variant.name().toLowerCase() + (weightsAsInputs ? "-inputs" : "")
                + ".onnx");
    }

    /**
     * A dense residual unit whose Add is the model's output: {@code fc0} (Gemm Relu), then {@code fc1}
     * (Gemm Relu) and {@code fc2} (Gemm, Add of fc0's output).
     */
    public static Path residualAtOutput(Path dir) {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, SEED);
        String x = b.input("x", GraphBuilder.DYNAMIC, 4);
        String r = b.unary("Relu", b.gemm(x, "fc0", 4, 4));
        String y = b.unary("Relu", b.gemm(r, "fc1", 4, 4));
        b.output(b.node("Add", null, List.of(b.gemm(y, "fc2", 4, 4), r)));
        return b.save(dir, "residual-at-output.onnx");
    }

    /** How {@link #globalPool} pools over the grid. */
    public enum PoolStyle {
        /** PyTorch's {@code x.mean((2, 3))} before opset 18: ReduceMean, axes [2, 3] as attribute, keepdims 0. */
        MEAN_ATTRIBUTE_23(GraphBuilder.OPSET, "ReduceMean", new long[] {2, 3}, 0, false),
        /** {@code x.mean((-2, -1), keepdim=True)} before opset 18, then a Flatten. */
        MEAN_ATTRIBUTE_NEGATIVE_KEEPDIMS(GraphBuilder.OPSET, "ReduceMean", new long[] {-2, -1}, 1, false),
        /** Opset 18: the axes [2, 3] as an int64 initializer input, keepdims 0. */
        MEAN_INPUT_23(18, "ReduceMean", new long[] {2, 3}, 0, false),
        /** Opset 18: the axes [-1, -2] from a Constant node, keepdims 1, then a Flatten. */
        MEAN_CONSTANT_NEGATIVE_KEEPDIMS(18, "ReduceMean", new long[] {-1, -2}, 1, true),
        /** {@code x.amax((2, 3))} before opset 18. */
        MAX_ATTRIBUTE_23(GraphBuilder.OPSET, "ReduceMax", new long[] {2, 3}, 0, false),
        /** Opset 18 ReduceMax, axes as an input, keepdims 1, then a Flatten. */
        MAX_INPUT_KEEPDIMS(18, "ReduceMax", new long[] {3, 2}, 1, false),
        /** GlobalAveragePool, then a Flatten. */
        GLOBAL_AVERAGE(GraphBuilder.OPSET, "GlobalAveragePool", null, 1, false),
        /** GlobalMaxPool, then a Flatten. */
        GLOBAL_MAX(GraphBuilder.OPSET, "GlobalMaxPool", null, 1, false);

        final int opset;
        final String op;
        final long[] axes;
        final int keepdims;
        final boolean constantNode;

        PoolStyle(int opset, String op, long[] axes, int keepdims, boolean constantNode) {
            this.opset = opset;
            this.op = op;
            this.axes = axes;
            this.keepdims = keepdims;
            this.constantNode = constantNode;
        }

        /** @return the operator that pools */
        public String op() {
            return op;
        }

        /** @return whether the pooled tensor keeps its grid axes (extent 1), so a Flatten follows */
        public boolean keepsDims() {
            return keepdims == 1;
        }
    }

    /**
     * A small PyTorch-style residual network ending in a global pool: conv1 (Conv 1 -> 4, 3x3, pad 1, Relu)
     * on [N, 1, 8, 8], a residual unit unit_a (Conv Relu), unit_b (Conv, Add of unit_a's input, Relu), the
     * pool (see {@link PoolStyle}; a Flatten follows when it keeps the grid axes) and fc (Gemm 4 -> 3).
     */
    public static Path globalPool(Path dir, PoolStyle style) {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, SEED).opset(style.opset);
        String x = b.input("input", GraphBuilder.DYNAMIC, 1, 8, 8);
        String r = b.unary("Relu", b.conv(x, "conv1", 1, 4, 3, 1));
        String y = b.unary("Relu", b.conv(r, "unit_a", 4, 4, 3, 1));
        y = b.conv(y, "unit_b", 4, 4, 3, 1);
        y = b.unary("Relu", b.node("Add", null, List.of(y, r)));
        y = pool(b, y, style.op, style.axes, style.keepdims, style.opset >= 18, style.constantNode);
        if (style.keepsDims()) {
            y = b.node("Flatten", null, List.of(y), GraphBuilder.intAttr("axis", 1));
        }
        y = b.gemm(y, "fc", 4, 3);
        b.output(y);
        return b.save(dir, "global-pool-" + style.name().toLowerCase() + ".onnx");
    }

    /**
     * Like {@link #globalPool} with a ReduceMean before opset 18 over {@code axes}, which are not the
     * spatial axes (so it is not a pool); then Flatten and a Gemm of the right width.
     */
    public static Path partialReduction(Path dir, long... axes) {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, SEED);
        String x = b.input("input", GraphBuilder.DYNAMIC, 1, 8, 8);
        String r = b.unary("Relu", b.conv(x, "conv1", 1, 4, 3, 1));
        String y = pool(b, r, "ReduceMean", axes, 1, false, false);
        y = b.node("Flatten", null, List.of(y), GraphBuilder.intAttr("axis", 1));
        int width = 4 * 8 * 8;
        for (long a : axes) {
            width /= a == 1 ? 4 : 8;
        }
        y = b.gemm(y, "fc", width, 3);
        b.output(y);
        return b.save(dir, "reduce-" + java.util.Arrays.toString(axes).replaceAll("\\W+", "") + ".onnx");
    }

    private static String pool(GraphBuilder b, String x, String op, long[] axes, int keepdims, boolean axesInput,
                               boolean constantNode) {
        if (axes == null) {
            return b.node(op, null, List.of(x));
        }
        AttributeProto keep = GraphBuilder.intAttr("keepdims", keepdims);
        if (!axesInput) {
            return b.node(op, null, List.of(x), GraphBuilder.ints("axes", axes), keep);
        }
        String a = constantNode ? b.constant(GraphBuilder.longTensor("axes", axes, axes.length))
                : b.longs("axes_" + op, axes, axes.length);
        return b.node(op, null, List.of(x, a), keep);
    }

    /** Gemm, Sigmoid, Gemm, Tanh, Gemm. */
    public static Path sigmoidTanh(Path dir) {
        GraphBuilder b = new GraphBuilder(Naming.EMPTY, SEED);
        String x = b.input("x", GraphBuilder.DYNAMIC, 10);
        x = b.unary("Sigmoid", b.gemm(x, "a", 10, 14));
        x = b.unary("Tanh", b.gemm(x, "b", 14, 8));
        x = b.gemm(x, "c", 8, 3);
        b.output(x);
        return b.save(dir, "sigmoid-tanh.onnx");
    }

    /** MatMul + Add dense layers instead of Gemm, the first preceded by a Flatten of a [N, 3, 4] input. */
    public static Path matMulAdd(Path dir) {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, SEED);
        String x = b.input("x", GraphBuilder.DYNAMIC, 3, 4);
        x = b.node("Flatten", null, List.of(x), GraphBuilder.intAttr("axis", 1));
        x = b.unary("Relu", b.matMulAdd(x, "fc1", 12, 9));
        x = b.matMulAdd(x, "fc2", 9, 4);
        x = b.node("LogSoftmax", null, List.of(x), GraphBuilder.intAttr("axis", 1));
        b.output(x);
        return b.save(dir, "matmul-add.onnx");
    }

    /**
     * dense1, dense2, then a Reshape of dense2's output to the shape of the model input (a Shape helper that
     * reads the input), Flatten and dense3: the helper crosses both layer boundaries, so no cut is safe.
     */
    public static Path shapeOfInput(Path dir) {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, SEED);
        String input = b.input("x", GraphBuilder.DYNAMIC, 2, 8);
        String x = b.node("Flatten", null, List.of(input), GraphBuilder.intAttr("axis", 1));
        x = b.unary("Relu", b.gemm(x, "dense1", 16, 16));
        x = b.gemm(x, "dense2", 16, 16);
        String shape = b.node("Shape", null, List.of(input));
        x = b.node("Reshape", null, List.of(x, shape));
        x = b.node("Flatten", null, List.of(x), GraphBuilder.intAttr("axis", 1));
        x = b.gemm(x, "dense3", 16, 4);
        b.output(x);
        return b.save(dir, "shape-of-input.onnx");
    }

    /** A small MLP whose weights are also listed as graph inputs, as older exporters write them. */
    public static Path initializersAsInputs(Path dir) {
        GraphBuilder b = new GraphBuilder(Naming.AUTO, SEED);
        String x = b.input("x", GraphBuilder.DYNAMIC, 5);
        x = b.unary("Relu", b.gemm(x, "fc1", 5, 7));
        x = b.gemm(x, "fc2", 7, 2);
        b.listInitializerAsInput("fc1.weight", 7, 5);
        b.listInitializerAsInput("fc1.bias", 7);
        b.output(x);
        return b.save(dir, "init-inputs.onnx");
    }

    /** Two data inputs added together. */
    public static Path twoInputs(Path dir) {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, SEED);
        String x = b.input("a", GraphBuilder.DYNAMIC, 4);
        String y = b.input("b", GraphBuilder.DYNAMIC, 4);
        b.output(b.gemm(b.node("Add", null, List.of(x, y)), "fc", 4, 2));
        return b.save(dir, "two-inputs.onnx");
    }

    /** An MLP with an If node choosing between two branches. */
    public static Path withIf(Path dir) {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, SEED);
        String x = b.input("x", GraphBuilder.DYNAMIC, 4);
        x = b.gemm(x, "fc", 4, 4);
        String cond = b.constant(TensorProto.newBuilder().setName("cond").setDataType(TensorProto.DataType.BOOL_VALUE)
                .addInt32Data(1).build());
        GraphProto branch = GraphProto.newBuilder().setName("branch").build();
        String y = b.node("If", "choice", List.of(cond), GraphBuilder.graphAttr("then_branch", branch),
                GraphBuilder.graphAttr("else_branch", branch));
        b.output(b.node("Add", null, List.of(x, y)));
        return b.save(dir, "if.onnx");
    }

    /** A model whose input is int64 token ids. */
    public static Path int64Input(Path dir) {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, SEED);
        String x = b.input("ids", TensorProto.DataType.INT64_VALUE, GraphBuilder.DYNAMIC, 4);
        x = b.node("Cast", null, List.of(x), GraphBuilder.intAttr("to", TensorProto.DataType.FLOAT_VALUE));
        b.output(b.gemm(x, "fc", 4, 2));
        return b.save(dir, "int64.onnx");
    }

    /** A model with two outputs. */
    public static Path twoOutputs(Path dir) {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, SEED);
        String x = b.input("x", GraphBuilder.DYNAMIC, 4);
        String y = b.gemm(x, "fc", 4, 3);
        b.output(y);
        b.output(b.unary("Relu", y));
        return b.save(dir, "two-outputs.onnx");
    }
}
