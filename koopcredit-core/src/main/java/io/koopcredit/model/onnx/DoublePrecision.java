package io.koopcredit.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.koopcredit.base.InputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts a block's sub-model to float64, so that ONNX Runtime evaluates the block in double precision.
 *
 * <p>Every float32 tensor becomes float64: initializers, {@code Constant} values, {@code Cast} targets, the
 * input and the output (intermediate type annotations are dropped and inferred again). The weights are
 * float32 numbers, which float64 holds exactly, so the converted block computes the same function with a
 * unit roundoff of 2⁻⁵³ instead of 2⁻²⁴.
 *
 * <p>ONNX Runtime's CPU provider (measured with version 1.24) has float64 kernels for Gemm, MatMul, MaxPool,
 * BatchNormalization, Relu, Tanh, Sigmoid, Softmax, Add, Mul, Flatten, Reshape, ReduceMean, Clip, Pad and
 * Slice, among others, but none for Conv, AveragePool, GlobalAveragePool or GlobalMaxPool. Those four are
 * rewritten into operations that have double kernels, exactly (the same sums, in another order):
 * <ul>
 *   <li>{@code Conv} (any number of spatial axes, strides, dilations, pads or auto_pad, groups): the input
 *       is padded, every kernel offset is a strided {@code Slice}, the slices are concatenated along the
 *       channels (im2col) and multiplied by the weights reshaped to M × (C/g·∏k) with {@code MatMul}, per
 *       group, plus the bias;</li>
 *   <li>{@code AveragePool}: the sum of the same slices divided by the window size, or by the number of
 *       non-padding elements per output position when {@code count_include_pad} is 0;</li>
 *   <li>{@code GlobalAveragePool} / {@code GlobalMaxPool}: {@code ReduceMean} / {@code ReduceMax} over the
 *       spatial axes.</li>
 * </ul>
 * An operation without a double kernel and without a rewrite is reported by {@link #unsupportedOp} from
 * ONNX Runtime's own error, so the user learns which operation of which block blocks float64.
 */
final class DoublePrecision {

    private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    private static final int DOUBLE = TensorProto.DataType.DOUBLE_VALUE;

    /** Inputs that ONNX types as float32 whatever the data type (scales of a resize), by operator. */
    private static final Map<String, Set<Integer>> FLOAT_ONLY_INPUTS = Map.of("Resize", Set.of(2), "Upsample",
            Set.of(1));

    /** The operators rewritten for float64, which ONNX Runtime's CPU provider has no double kernel for. */
    static final Set<String> REWRITTEN = Set.of("Conv", "AveragePool", "GlobalAveragePool", "GlobalMaxPool");

    /** ONNX Runtime's message for a missing kernel, and the ONNX checker's for a type an op does not take. */
    private static final Pattern MISSING_KERNEL =
            Pattern.compile("implementation for (\\w+)\\((\\d+)\\) node with name '([^']*)'");
    private static final Pattern BAD_TYPE = Pattern.compile("of operator \\((\\w+)\\) in node \\(([^)]*)\\)");

    private final String label;
    private final long opset;
    private final Map<String, TensorProto> initializers = new HashMap<>();
    private final Map<String, long[]> shapes;
    private final List<NodeProto> nodes = new ArrayList<>();
    private final List<TensorProto> added = new ArrayList<>();
    private final Set<String> keepFloat = new HashSet<>();
    private int fresh;

    private DoublePrecision(String label, long opset, Map<String, long[]> shapes) {
        this.label = label;
        this.opset = opset;
        this.shapes = shapes;
    }

    /**
     * Converts a block sub-model.
     *
     * @param label how to name the block in messages
     * @param model the float32 sub-model of one block (as made by {@link SubModelExtractor#block}); not
     *     modified
     * @param opset the model's default-domain opset
     * @param shapes full shapes (batch first) of the data inputs of the operators to rewrite (Conv and
     *     AveragePool need their spatial extents); not modified
     * @return the float64 model
     * @throws InputException if an operator to rewrite has a form the rewrite does not cover
     */
    static ModelProto convert(String label, ModelProto model, long opset, Map<String, long[]> shapes) {
        DoublePrecision c = new DoublePrecision(label, opset, shapes);
        GraphProto g = model.getGraph();
        g.getInitializerList().forEach(t -> c.initializers.put(t.getName(), t));
        for (NodeProto n : g.getNodeList()) {
            Set<Integer> floatOnly = FLOAT_ONLY_INPUTS.getOrDefault(n.getOpType(), Set.of());
            for (int i : floatOnly) {
                if (i < n.getInputCount()) {
                    c.keepFloat.add(n.getInput(i));
                }
            }
        }
        for (NodeProto n : g.getNodeList()) {
            c.node(n);
        }
        GraphProto.Builder out = g.toBuilder().clearNode().clearInitializer().clearValueInfo().clearInput()
                .clearOutput().addAllNode(c.nodes);
        Set<String> read = new HashSet<>();
        c.nodes.forEach(n -> read.addAll(n.getInputList()));
        for (TensorProto t : g.getInitializerList()) {
            if (read.contains(t.getName())) {
                out.addInitializer(c.keepFloat.contains(t.getName()) ? t : c.convertTensor(t));
            }
        }
        out.addAllInitializer(c.added);
        g.getInputList().forEach(v -> out.addInput(toDouble(v)));
        g.getOutputList().forEach(v -> out.addOutput(toDouble(v)));
        return model.toBuilder().setGraph(out).build();
    }

    /**
     * Which operation keeps a converted model from running in float64, read from ONNX Runtime's error.
     *
     * @param message ONNX Runtime's error message when opening the converted model
     * @return the operator type and node name, if the message names them
     */
    static Optional<String> unsupportedOp(String message) {
        Matcher m = MISSING_KERNEL.matcher(message);
        if (m.find()) {
            return Optional.of(m.group(1) + " (node '" + m.group(3) + "', opset " + m.group(2) + ")");
        }
        Matcher t = BAD_TYPE.matcher(message);
        if (t.find()) {
            return Optional.of(t.group(1) + " (node '" + t.group(2) + "')");
        }
        return Optional.empty();
    }

    private TensorProto convertTensor(TensorProto t) {
        return t.getDataType() == FLOAT ? Tensors.withValues(t, Tensors.values(t), true) : t;
    }

    private static ValueInfoProto toDouble(ValueInfoProto v) {
        if (!v.getType().hasTensorType() || v.getType().getTensorType().getElemType() != FLOAT) {
            return v;
        }
        return v.toBuilder().setType(TypeProto.newBuilder().setTensorType(v.getType().getTensorType().toBuilder()
                .setElemType(DOUBLE))).build();
    }

    private void node(NodeProto n) {
        if (!OnnxGraph.isDefaultDomain(n)) {
            nodes.add(n);
            return;
        }
        switch (n.getOpType()) {
            case "Conv" -> conv(n);
            case "AveragePool" -> averagePool(n);
            case "GlobalAveragePool" -> globalPool(n, "ReduceMean");
            case "GlobalMaxPool" -> globalPool(n, "ReduceMax");
            case "Constant" -> nodes.add(keepFloat.contains(n.getOutput(0)) ? n : constant(n));
            case "Cast" -> nodes.add(cast(n));
            case "ConstantOfShape" -> nodes.add(constantOfShape(n));
            default -> nodes.add(n);
        }
    }

    private NodeProto constant(NodeProto n) {
        NodeProto.Builder b = n.toBuilder().clearAttribute();
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals("value") && a.hasT()) {
                b.addAttribute(a.toBuilder().setT(convertTensor(a.getT())));
            } else if (a.getName().equals("value_float")) {
                b.addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                        .setT(Tensors.doubles("value", new long[0], new double[] {a.getF()})));
            } else if (a.getName().equals("value_floats")) {
                double[] v = new double[a.getFloatsCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = a.getFloats(i);
                }
                b.addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                        .setT(Tensors.doubles("value", new long[] {v.length}, v)));
            } else {
                b.addAttribute(a);
            }
        }
        return b.build();
    }

    private static NodeProto cast(NodeProto n) {
        NodeProto.Builder b = n.toBuilder().clearAttribute();
        for (AttributeProto a : n.getAttributeList()) {
            b.addAttribute(a.getName().equals("to") && a.getI() == FLOAT ? a.toBuilder().setI(DOUBLE).build() : a);
        }
        return b.build();
    }

    private NodeProto constantOfShape(NodeProto n) {
        NodeProto.Builder b = n.toBuilder().clearAttribute();
        for (AttributeProto a : n.getAttributeList()) {
            b.addAttribute(a.getName().equals("value") && a.hasT() ? a.toBuilder().setT(convertTensor(a.getT())).build()
                    : a);
        }
        return b.build();
    }

    /** The geometry of a sliding window over the spatial axes of an input. */
    private record Window(long[] inShape, long[] kernel, long[] strides, long[] dilations, long[] padBegin,
                          long[] padEnd, long[] outShape) {

        int spatial() {
            return kernel.length;
        }

        long windowSize() {
            long k = 1;
            for (long d : kernel) {
                k *= d;
            }
            return k;
        }

        long outputPositions() {
            long l = 1;
            for (long d : outShape) {
                l *= d;
            }
            return l;
        }

        boolean padded() {
            return Arrays.stream(padBegin).anyMatch(p -> p != 0) || Arrays.stream(padEnd).anyMatch(p -> p != 0);
        }

        /** @return the kernel offset of a flat window index, row-major over the kernel axes */
        long[] offset(long flat) {
            long[] o = new long[kernel.length];
            for (int d = kernel.length - 1; d >= 0; d--) {
                o[d] = flat % kernel[d];
                flat /= kernel[d];
            }
            return o;
        }
    }

    private Window window(NodeProto n, long[] kernel) {
        long[] in = shapes.get(n.getInput(0));
        if (in == null || in.length != kernel.length + 2) {
            throw unsupported(n, "its input shape is unknown or does not have " + kernel.length + " spatial axes");
        }
        int s = kernel.length;
        long[] strides = ints(n, "strides", s, 1);
        long[] dilations = ints(n, "dilations", s, 1);
        long[] pads = ints(n, "pads", 2 * s, 0);
        long[] begin = Arrays.copyOfRange(pads, 0, s);
        long[] end = Arrays.copyOfRange(pads, s, 2 * s);
        String autoPad = attribute(n, "auto_pad").map(a -> a.getS().toStringUtf8()).orElse("NOTSET");
        if (attribute(n, "ceil_mode").map(AttributeProto::getI).orElse(0L) != 0) {
            throw unsupported(n, "ceil_mode=1");
        }
        long[] out = new long[s];
        for (int d = 0; d < s; d++) {
            long extent = in[d + 2];
            long span = dilations[d] * (kernel[d] - 1) + 1;
            switch (autoPad) {
                case "NOTSET", "" -> {
                }
                case "VALID" -> {
                    begin[d] = 0;
                    end[d] = 0;
                }
                case "SAME_UPPER", "SAME_LOWER" -> {
                    long target = Math.floorDiv(extent + strides[d] - 1, strides[d]);
                    long total = Math.max(0, (target - 1) * strides[d] + span - extent);
                    long small = total / 2;
                    begin[d] = autoPad.equals("SAME_UPPER") ? small : total - small;
                    end[d] = total - begin[d];
                }
                default -> throw unsupported(n, "auto_pad=" + autoPad);
            }
            out[d] = Math.floorDiv(extent + begin[d] + end[d] - span, strides[d]) + 1;
            if (out[d] < 1) {
                throw unsupported(n, "an empty output along spatial axis " + d);
            }
        }
        return new Window(in, kernel, strides, dilations, begin, end, out);
    }

    /**
     * @return the padded input (or the input itself), and one strided slice per kernel offset of the
     *     channels [from, to)
     */
    private List<String> slices(NodeProto n, Window w, String input, long from, long to) {
        int s = w.spatial();
        long[] axes = new long[s + 1];
        axes[0] = 1;
        for (int d = 0; d < s; d++) {
            axes[d + 1] = d + 2;
        }
        List<String> out = new ArrayList<>();
        for (long k = 0; k < w.windowSize(); k++) {
            long[] o = w.offset(k);
            long[] starts = new long[s + 1];
            long[] ends = new long[s + 1];
            long[] steps = new long[s + 1];
            starts[0] = from;
            ends[0] = to;
            steps[0] = 1;
            for (int d = 0; d < s; d++) {
                starts[d + 1] = o[d] * w.dilations()[d];
                ends[d + 1] = starts[d + 1] + (w.outShape()[d] - 1) * w.strides()[d] + 1;
                steps[d + 1] = w.strides()[d];
            }
            out.add(op(n, "Slice", List.of(input, constLongs(starts), constLongs(ends), constLongs(axes),
                    constLongs(steps))));
        }
        return out;
    }

    private String pad(NodeProto n, Window w, String input) {
        if (!w.padded()) {
            return input;
        }
        int rank = w.spatial() + 2;
        long[] pads = new long[2 * rank];
        for (int d = 0; d < w.spatial(); d++) {
            pads[d + 2] = w.padBegin()[d];
            pads[rank + d + 2] = w.padEnd()[d];
        }
        if (opset >= 11) {
            return op(n, "Pad", List.of(input, constLongs(pads)));
        }
        AttributeProto.Builder a = AttributeProto.newBuilder().setName("pads").setType(AttributeProto.AttributeType.INTS);
        for (long p : pads) {
            a.addInts(p);
        }
        return op(n, "Pad", List.of(input), a.build());
    }

    private void conv(NodeProto n) {
        requireSlicing(n);
        TensorProto weight = initializers.get(n.getInput(1));
        if (weight == null) {
            throw unsupported(n, "its weights are not a constant initializer");
        }
        long[] wDims = weight.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long[] kernel = Arrays.copyOfRange(wDims, 2, wDims.length);
        Window w = window(n, kernel);
        long groups = attribute(n, "group").map(AttributeProto::getI).orElse(1L);
        long m = wDims[0];
        long cg = wDims[1];
        long c = w.inShape()[1];
        if (groups < 1 || c != cg * groups || m % groups != 0) {
            throw unsupported(n, "group=" + groups + " with " + c + " input channels and weights " + Arrays.toString(wDims));
        }
        long mg = m / groups;
        long k = w.windowSize();
        double[] weights = Tensors.values(weight);
        String input = pad(n, w, n.getInput(0));
        List<String> products = new ArrayList<>();
        for (long g = 0; g < groups; g++) {
            List<String> parts = slices(n, w, input, g * cg, (g + 1) * cg);
            String columns = parts.size() == 1 ? parts.get(0) : op(n, "Concat", parts, axis(1));
            String matrix = op(n, "Reshape", List.of(columns, constLongs(0, k * cg, -1)));
            // Column (offset, channel) of the im2col matrix holds input channel g·cg + channel at that offset.
            double[] wg = new double[(int) (mg * k * cg)];
            for (long mi = 0; mi < mg; mi++) {
                for (long off = 0; off < k; off++) {
                    for (long ci = 0; ci < cg; ci++) {
                        wg[(int) (mi * k * cg + off * cg + ci)] = weights[(int) (((g * mg + mi) * cg + ci) * k + off)];
                    }
                }
            }
            String wName = constDoubles(new long[] {mg, k * cg}, wg);
            products.add(op(n, "MatMul", List.of(wName, matrix)));
        }
        String result = products.size() == 1 ? products.get(0) : op(n, "Concat", products, axis(1));
        if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
            TensorProto bias = initializers.get(n.getInput(2));
            if (bias == null) {
                throw unsupported(n, "its bias is not a constant initializer");
            }
            result = op(n, "Add", List.of(result, constDoubles(new long[] {m, 1}, Tensors.values(bias))));
        }
        long[] shape = new long[w.spatial() + 2];
        shape[1] = m;
        System.arraycopy(w.outShape(), 0, shape, 2, w.spatial());
        nodes.add(node("Reshape", List.of(result, constLongs(shape)), n.getOutput(0)));
    }

    private void averagePool(NodeProto n) {
        requireSlicing(n);
        long[] kernel = attribute(n, "kernel_shape").map(a -> a.getIntsList().stream().mapToLong(Long::longValue)
                .toArray()).orElseThrow(() -> unsupported(n, "no kernel_shape"));
        Window w = window(n, kernel);
        String input = pad(n, w, n.getInput(0));
        String sum = op(n, "Sum", slices(n, w, input, 0, w.inShape()[1]));
        boolean includePad = attribute(n, "count_include_pad").map(AttributeProto::getI).orElse(0L) != 0;
        long[] shape = new long[w.spatial() + 2];
        Arrays.fill(shape, 1);
        System.arraycopy(w.outShape(), 0, shape, 2, w.spatial());
        double[] counts = new double[(int) w.outputPositions()];
        for (int pos = 0; pos < counts.length; pos++) {
            counts[pos] = includePad || !w.padded() ? w.windowSize() : inside(w, pos);
        }
        nodes.add(node("Div", List.of(sum, constDoubles(shape, counts)), n.getOutput(0)));
    }

    /** @return how many elements of the window at output position {@code pos} lie inside the input */
    private static long inside(Window w, int pos) {
        int s = w.spatial();
        long[] o = new long[s];
        long rest = pos;
        for (int d = s - 1; d >= 0; d--) {
            o[d] = rest % w.outShape()[d];
            rest /= w.outShape()[d];
        }
        long count = 0;
        for (long k = 0; k < w.windowSize(); k++) {
            long[] off = w.offset(k);
            boolean in = true;
            for (int d = 0; d < s && in; d++) {
                long x = o[d] * w.strides()[d] + off[d] * w.dilations()[d] - w.padBegin()[d];
                in = x >= 0 && x < w.inShape()[d + 2];
            }
            count += in ? 1 : 0;
        }
        return count;
    }

    private void globalPool(NodeProto n, String reduce) {
        long[] in = shapes.get(n.getInput(0));
        if (in == null || in.length < 3) {
            throw unsupported(n, "its input shape is unknown");
        }
        long[] axes = new long[in.length - 2];
        for (int d = 0; d < axes.length; d++) {
            axes[d] = d + 2;
        }
        AttributeProto keep = AttributeProto.newBuilder().setName("keepdims").setType(AttributeProto.AttributeType.INT)
                .setI(1).build();
        // ReduceMean takes its axes as an input from opset 18 on, ReduceMax likewise; before, as an attribute.
        if (opset >= 18) {
            nodes.add(node(reduce, List.of(n.getInput(0), constLongs(axes)), n.getOutput(0), keep));
        } else {
            AttributeProto.Builder a = AttributeProto.newBuilder().setName("axes").setType(AttributeProto.AttributeType.INTS);
            for (long x : axes) {
                a.addInts(x);
            }
            nodes.add(node(reduce, List.of(n.getInput(0)), n.getOutput(0), keep, a.build()));
        }
    }

    private void requireSlicing(NodeProto n) {
        if (opset < 10) {
            throw unsupported(n, "opset " + opset + " (the float64 rewrite needs strided Slice, opset 10 or later)");
        }
    }

    private InputException unsupported(NodeProto n, String what) {
        return new InputException(label + ": " + n.getOpType() + " (node '" + n.getName() + "') cannot run in float64:"
                + " ONNX Runtime has no double kernel for it and the rewrite does not cover " + what);
    }

    private static Optional<AttributeProto> attribute(NodeProto n, String name) {
        return n.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst();
    }

    private static long[] ints(NodeProto n, String name, int count, long fallback) {
        Optional<AttributeProto> a = attribute(n, name);
        long[] out = new long[count];
        Arrays.fill(out, fallback);
        if (a.isPresent() && a.get().getIntsCount() == count) {
            for (int i = 0; i < count; i++) {
                out[i] = a.get().getInts(i);
            }
        }
        return out;
    }

    private static AttributeProto axis(long axis) {
        return AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(axis).build();
    }

    private String name(NodeProto near, String what) {
        return (near.getName().isEmpty() ? near.getOpType() : near.getName()) + "/float64/" + what + "_" + fresh++;
    }

    private String constLongs(long... values) {
        TensorProto t = Tensors.longs("koopcredit/float64/const_" + fresh++, values);
        added.add(t);
        return t.getName();
    }

    private String constDoubles(long[] dims, double[] values) {
        TensorProto t = Tensors.doubles("koopcredit/float64/const_" + fresh++, dims, values);
        added.add(t);
        return t.getName();
    }

    private String op(NodeProto near, String type, List<String> inputs, AttributeProto... attributes) {
        String out = name(near, type);
        nodes.add(node(type, inputs, out, attributes));
        return out;
    }

    private NodeProto node(String type, List<String> inputs, String output, AttributeProto... attributes) {
        return NodeProto.newBuilder().setOpType(type).setName(output).addAllInput(inputs).addOutput(output)
                .addAllAttribute(List.of(attributes)).build();
    }
}
