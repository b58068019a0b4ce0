package io.koopcredit.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.koopcredit.base.InputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Rejects a model whose weights hold NaN or infinite values. The activations downstream of such a weight
 * are not finite (NaN propagates through every arithmetic operation), so no credit, fidelity or accuracy
 * computed from the model would mean anything; the message names the tensor and the node that reads it.
 *
 * <p>Checked: the floating-point initializers (float32, float64, float16, bfloat16; values inline or as
 * raw little-endian bytes) and the tensors of {@code Constant} nodes, where a live node reads them.
 */
final class FiniteWeights {

    /** Exponent bits of an IEEE half-precision value; all ones means infinite or NaN. */
    private static final int FLOAT16_EXPONENT = 0x7C00;
    /** Exponent bits of a bfloat16 value; all ones means infinite or NaN. */
    private static final int BFLOAT16_EXPONENT = 0x7F80;

    private FiniteWeights() {
    }

    /**
     * @param graph the validated graph; not modified
     * @throws InputException naming the first tensor that holds a non-finite value
     */
    static void require(OnnxGraph graph) {
        for (TensorProto t : graph.model().getGraph().getInitializerList()) {
            if (!graph.consumers(t.getName()).isEmpty()) {
                check(graph, t, t.getName(), "read by " + graph.describe(graph.consumers(t.getName()).get(0)));
            }
        }
        for (int i = 0; i < graph.nodes().size(); i++) {
            NodeProto n = graph.node(i);
            if (OnnxGraph.isDefaultDomain(n) && n.getOpType().equals("Constant")) {
                for (AttributeProto a : n.getAttributeList()) {
                    if (a.hasT()) {
                        check(graph, a.getT(), n.getOutputCount() > 0 ? n.getOutput(0) : n.getName(),
                                "the value of " + graph.describe(i));
                    }
                }
            }
        }
    }

    private static void check(OnnxGraph graph, TensorProto t, String name, String where) {
        Count c = count(t);
        if (c.bad > 0) {
            throw new InputException(graph.label() + ": weight tensor '" + name + "' (" + where + ") holds "
                    + c.bad + " non-finite value" + (c.bad == 1 ? "" : "s") + " of " + c.total + " (the first, at"
                    + " index " + c.first + ", is " + c.firstValue + "); expected finite weights");
        }
    }

    /** Non-finite values of one tensor: how many, of how many, and the first. */
    private static final class Count {
        long total;
        long bad;
        long first = -1;
        String firstValue;

        void add(boolean finite, String value) {
            if (!finite) {
                if (bad == 0) {
                    first = total;
                    firstValue = value;
                }
                bad++;
            }
            total++;
        }
    }

    private static Count count(TensorProto t) {
        Count c = new Count();
        ByteString raw = t.getRawData();
        ByteBuffer bytes = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        switch (t.getDataType()) {
            case TensorProto.DataType.FLOAT_VALUE -> {
                for (int i = 0; i < t.getFloatDataCount(); i++) {
                    float v = t.getFloatData(i);
                    c.add(Float.isFinite(v), Float.toString(v));
                }
                while (bytes.remaining() >= Float.BYTES) {
                    float v = bytes.getFloat();
                    c.add(Float.isFinite(v), Float.toString(v));
                }
            }
            case TensorProto.DataType.DOUBLE_VALUE -> {
                for (int i = 0; i < t.getDoubleDataCount(); i++) {
                    double v = t.getDoubleData(i);
                    c.add(Double.isFinite(v), Double.toString(v));
                }
                while (bytes.remaining() >= Double.BYTES) {
                    double v = bytes.getDouble();
                    c.add(Double.isFinite(v), Double.toString(v));
                }
            }
            case TensorProto.DataType.FLOAT16_VALUE, TensorProto.DataType.BFLOAT16_VALUE -> {
                int exponent = t.getDataType() == TensorProto.DataType.FLOAT16_VALUE ? FLOAT16_EXPONENT
                        : BFLOAT16_EXPONENT;
                for (int i = 0; i < t.getInt32DataCount(); i++) {
                    int bits = t.getInt32Data(i) & 0xFFFF;
                    c.add((bits & exponent) != exponent, String.format("bits 0x%04x", bits));
                }
                while (bytes.remaining() >= Short.BYTES) {
                    int bits = bytes.getShort() & 0xFFFF;
                    c.add((bits & exponent) != exponent, String.format("bits 0x%04x", bits));
                }
            }
            default -> {
                // Integer, boolean and string tensors cannot hold non-finite values.
            }
        }
        return c;
    }
}
