package io.koopcredit.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds ONNX models in memory: the tests' small models and the benchmark's ResNets ({@link ResNets}),
 * with random weights from a fixed seed. Node names follow a {@link Naming} style so tests can check how
 * layers get their names. Weights drawn by {@link #weights} come from {@link Random} (the tests' models
 * depend on its sequence); {@link #rawFloats} stores values the caller drew.
 */
public final class GraphBuilder {

    /** How nodes are named. */
    public enum Naming {
        /** PyTorch >= 1.13: {@code /conv1/Conv} for modules, {@code /Relu}, {@code /Relu_1} for functionals. */
        PYTORCH,
        /** Old exporters: {@code Conv_0}, {@code Relu_1}, ... numbered in order. */
        AUTO,
        /** No names at all. */
        EMPTY
    }

    /** The symbolic batch dimension in {@link #input}. */
    public static final long DYNAMIC = -1;

    /** Default-domain opset of the generated models. */
    public static final int OPSET = 17;

    private final Naming naming;
    private final Random random;
    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("test");
    private final List<StringStringEntryProto> metadata = new ArrayList<>();
    private final Map<String, Integer> functionalCounts = new HashMap<>();
    private int nodeCount;
    private int tensorCount;
    private int opset = OPSET;

    /**
     * @param naming the node naming style
     * @param seed seed of the random weights
     */
    public GraphBuilder(Naming naming, long seed) {
        this.naming = naming;
        this.random = new Random(seed);
    }

    /** Sets the default-domain opset of the model (default {@link #OPSET}). @return this builder */
    public GraphBuilder opset(int version) {
        this.opset = version;
        return this;
    }

    /** Declares a data input; {@link #DYNAMIC} extents become a symbolic dimension. @return its name */
    public String input(String name, int elemType, long... dims) {
        graph.addInput(value(name, elemType, dims));
        return name;
    }

    /** Declares a float32 input. @return its name */
    public String input(String name, long... dims) {
        return input(name, TensorProto.DataType.FLOAT_VALUE, dims);
    }

    /** Declares the output (float32, shape unknown). */
    public void output(String tensor) {
        graph.addOutput(ValueInfoProto.newBuilder().setName(tensor).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))));
    }

    /** Adds a metadata entry. */
    public void metadata(String key, String value) {
        metadata.add(StringStringEntryProto.newBuilder().setKey(key).setValue(value).build());
    }

    /** Adds a random float initializer with standard deviation {@code scale}. @return its name */
    public String weights(String name, double scale, long... dims) {
        long n = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextGaussian() * scale);
        }
        return floats(name, v, dims);
    }

    /** Adds a float initializer. @return its name */
    public String floats(String name, float[] values, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        for (float f : values) {
            t.addFloatData(f);
        }
        graph.addInitializer(t);
        return name;
    }

    /**
     * Adds a float initializer stored as raw little-endian bytes (as PyTorch exports large tensors).
     *
     * @param name the tensor's name
     * @param values its values; not modified
     * @param dims its shape
     * @return its name
     */
    public String rawFloats(String name, float[] values, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * values.length)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        t.setRawData(com.google.protobuf.ByteString.copyFrom(bytes.array()));
        graph.addInitializer(t);
        return name;
    }

    /** Adds an int64 initializer. @return its name */
    public String longs(String name, long[] values, long... dims) {
        graph.addInitializer(longTensor(name, values, dims));
        return name;
    }

    /** Lists an initializer as a graph input too, as older exporters do. */
    public void listInitializerAsInput(String name, long... dims) {
        graph.addInput(value(name, TensorProto.DataType.FLOAT_VALUE, dims));
    }

    /**
     * Adds a node with one output.
     *
     * @param op operator type
     * @param scope PyTorch module name, or null for a functional call
     * @param inputs input tensors
     * @param attributes attributes
     * @return the output tensor
     */
    public String node(String op, String scope, List<String> inputs, AttributeProto... attributes) {
        return nodeWithOutputs(op, scope, inputs, 1, attributes).get(0);
    }

    /** Adds a node with {@code outputs} outputs. @return the output tensors */
    public List<String> nodeWithOutputs(String op, String scope, List<String> inputs, int outputs,
                                        AttributeProto... attributes) {
        String name = switch (naming) {
            case PYTORCH -> scope != null ? "/" + scope + "/" + op : "/" + op + suffix(op);
            case AUTO -> op + "_" + nodeCount;
            case EMPTY -> "";
        };
        nodeCount++;
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs)
                .addAllAttribute(List.of(attributes));
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            String o = (name.isEmpty() ? op : name) + "_output_" + i + "_" + tensorCount++;
            outs.add(o);
            n.addOutput(o);
        }
        graph.addNode(n);
        return outs;
    }

    private String suffix(String op) {
        int k = functionalCounts.merge(op, 1, Integer::sum) - 1;
        return k == 0 ? "" : "_" + k;
    }

    // ---- layers ----

    /** Conv with bias; weights named {@code scope.weight} / {@code scope.bias}. */
    public String conv(String x, String scope, int inC, int outC, int k, int pad) {
        double scale = 1.0 / Math.sqrt(inC * k * k);
        String w = weights(scope + ".weight", scale, outC, inC, k, k);
        String b = weights(scope + ".bias", scale, outC);
        return node("Conv", scope, List.of(x, w, b), ints("kernel_shape", k, k), ints("pads", pad, pad, pad, pad),
                ints("strides", 1, 1));
    }

    /** MaxPool k x k, stride k. */
    public String maxPool(String x, String scope, int k) {
        return node("MaxPool", scope, List.of(x), ints("kernel_shape", k, k), ints("strides", k, k));
    }

    /** Gemm with transB=1 and a bias, as PyTorch exports nn.Linear. */
    public String gemm(String x, String scope, int in, int out) {
        double scale = 1.0 / Math.sqrt(in);
        String w = weights(scope + ".weight", scale, out, in);
        String b = weights(scope + ".bias", scale, out);
        return node("Gemm", scope, List.of(x, w, b), floatAttr("alpha", 1f), floatAttr("beta", 1f),
                intAttr("transB", 1));
    }

    /** MatMul with a [in, out] weight, then Add of a bias. */
    public String matMulAdd(String x, String scope, int in, int out) {
        double scale = 1.0 / Math.sqrt(in);
        String w = weights(scope + ".weight", scale, in, out);
        String b = weights(scope + ".bias", scale, out);
        String m = node("MatMul", scope, List.of(x, w));
        return node("Add", scope, List.of(m, b));
    }

    /** An element-wise operator without attributes (Relu, Sigmoid, Tanh, Identity, ...). */
    public String unary(String op, String x) {
        return node(op, null, List.of(x));
    }

    /** BatchNormalization with random scale, bias, mean and positive variance. */
    public String batchNorm(String x, String scope, int channels) {
        String s = weights(scope + ".weight", 0.3, channels);
        String b = weights(scope + ".bias", 0.3, channels);
        String m = weights(scope + ".running_mean", 0.3, channels);
        float[] var = new float[channels];
        for (int i = 0; i < channels; i++) {
            var[i] = 0.5f + random.nextFloat();
        }
        String v = floats(scope + ".running_var", var, channels);
        return node("BatchNormalization", scope, List.of(x, s, b, m, v), floatAttr("epsilon", 1e-5f));
    }

    /** The PyTorch export of {@code x.view(x.size(0), -1)}: Shape, Gather, Unsqueeze, Concat, Reshape. */
    public String pytorchFlatten(String x) {
        String shape = node("Shape", null, List.of(x));
        String zero = constant(longTensor("c0", new long[] {0}));
        String batch = node("Gather", null, List.of(shape, zero), intAttr("axis", 0));
        String axes = constant(longTensor("c1", new long[] {0}, 1));
        String unsq = node("Unsqueeze", null, List.of(batch, axes));
        String minus1 = constant(longTensor("c2", new long[] {-1}, 1));
        String target = node("Concat", null, List.of(unsq, minus1), intAttr("axis", 0));
        return node("Reshape", null, List.of(x, target));
    }

    /** Reshape to [-1, width] with an int64 initializer as target shape. */
    public String reshapeTo(String x, long width) {
        String shape = longs("shape_" + tensorCount++, new long[] {-1, width}, 2);
        return node("Reshape", null, List.of(x, shape));
    }

    /** A Constant node holding {@code value}. @return its output */
    public String constant(TensorProto value) {
        return node("Constant", null, List.of(), AttributeProto.newBuilder().setName("value")
                .setType(AttributeProto.AttributeType.TENSOR).setT(value).build());
    }

    /** @return the model */
    public ModelProto build() {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("koopcredit-tests").setProducerVersion("1")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .addAllMetadataProps(metadata).setGraph(graph).build();
    }

    /** Writes the model to {@code dir/file}. @return the path */
    public Path save(Path dir, String file) {
        Path p = dir.resolve(file);
        try {
            Files.write(p, build().toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    // ---- protobuf helpers ----

    /** @return an INTS attribute */
    public static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    /** @return an INT attribute */
    public static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    /** @return a STRING attribute */
    public static AttributeProto stringAttr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
    }

    /** @return a FLOAT attribute */
    public static AttributeProto floatAttr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    /** @return a GRAPH attribute */
    public static AttributeProto graphAttr(String name, GraphProto g) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.GRAPH).setG(g).build();
    }

    /** @return an int64 tensor; no dims means a scalar */
    public static TensorProto longTensor(String name, long[] values, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        for (long v : values) {
            t.addInt64Data(v);
        }
        return t.build();
    }

    /** @return a tensor value info; {@link #DYNAMIC} extents are symbolic */
    public static ValueInfoProto value(String name, int elemType, long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(d == DYNAMIC ? TensorShapeProto.Dimension.newBuilder().setDimParam("batch_size")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(s))).build();
    }
}
