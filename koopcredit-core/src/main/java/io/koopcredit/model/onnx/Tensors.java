package io.koopcredit.model.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.koopcredit.base.InputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reading and making the numeric tensors of an ONNX model (values stored little-endian, as ONNX requires). */
final class Tensors {

    private Tensors() {
    }

    /**
     * @param t a tensor; not modified
     * @return true if it holds float32 or float64 values
     */
    static boolean isFloat(TensorProto t) {
        return t.getDataType() == TensorProto.DataType.FLOAT_VALUE || t.getDataType() == TensorProto.DataType.DOUBLE_VALUE;
    }

    /**
     * @param t a float32 or float64 tensor with its values inside; not modified
     * @return its values in storage order
     * @throws InputException if the stored values do not match the dims
     */
    static double[] values(TensorProto t) {
        long count = 1;
        for (long d : t.getDimsList()) {
            count *= d;
        }
        boolean doubles = t.getDataType() == TensorProto.DataType.DOUBLE_VALUE;
        double[] out;
        if (!t.getRawData().isEmpty()) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            int width = doubles ? Double.BYTES : Float.BYTES;
            out = new double[b.remaining() / width];
            for (int i = 0; i < out.length; i++) {
                out[i] = doubles ? b.getDouble() : b.getFloat();
            }
        } else if (doubles) {
            out = t.getDoubleDataList().stream().mapToDouble(Double::doubleValue).toArray();
        } else {
            out = new double[t.getFloatDataCount()];
            for (int i = 0; i < out.length; i++) {
                out[i] = t.getFloatData(i);
            }
        }
        if (out.length != count) {
            throw new InputException("tensor '" + t.getName() + "': expected " + count + " values for dims "
                    + t.getDimsList() + ", found " + out.length);
        }
        return out;
    }

    /**
     * @param t an int64 or int32 tensor with its values inside; not modified
     * @return its values in storage order
     * @throws InputException if it holds another type, or the stored values do not match the dims
     */
    static long[] integers(TensorProto t) {
        long count = 1;
        for (long d : t.getDimsList()) {
            count *= d;
        }
        boolean int64 = t.getDataType() == TensorProto.DataType.INT64_VALUE;
        if (!int64 && t.getDataType() != TensorProto.DataType.INT32_VALUE) {
            throw new InputException("tensor '" + t.getName() + "': expected int64 or int32 values, found "
                    + OnnxGraph.typeName(t.getDataType()));
        }
        long[] out;
        if (!t.getRawData().isEmpty()) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            out = new long[b.remaining() / (int64 ? Long.BYTES : Integer.BYTES)];
            for (int i = 0; i < out.length; i++) {
                out[i] = int64 ? b.getLong() : b.getInt();
            }
        } else if (int64) {
            out = t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
        } else {
            out = t.getInt32DataList().stream().mapToLong(Integer::longValue).toArray();
        }
        if (out.length != count) {
            throw new InputException("tensor '" + t.getName() + "': expected " + count + " values for dims "
                    + t.getDimsList() + ", found " + out.length);
        }
        return out;
    }

    /**
     * @param original a tensor to take the name and dims from; not modified
     * @param values the new values in storage order; not modified
     * @param doubles store float64 (else float32, rounding each value)
     * @return a tensor with the same name and dims and these values, stored as raw data
     */
    static TensorProto withValues(TensorProto original, double[] values, boolean doubles) {
        return original.toBuilder().clearFloatData().clearDoubleData()
                .setDataType(doubles ? TensorProto.DataType.DOUBLE_VALUE : TensorProto.DataType.FLOAT_VALUE)
                .setRawData(raw(values, doubles)).build();
    }

    /**
     * @param name the tensor's name
     * @param dims its extents; not modified
     * @param values values in row-major order; not modified
     * @return a float64 tensor
     */
    static TensorProto doubles(String name, long[] dims, double[] values) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.DOUBLE_VALUE);
        for (long d : dims) {
            b.addDims(d);
        }
        return b.setRawData(raw(values, true)).build();
    }

    /**
     * @param name the tensor's name
     * @param values the values of a one-dimensional int64 tensor; not modified
     * @return the tensor
     */
    static TensorProto longs(String name, long... values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length).setRawData(ByteString.copyFrom(raw.array())).build();
    }

    private static ByteString raw(double[] values, boolean doubles) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * (doubles ? Double.BYTES : Float.BYTES))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            if (doubles) {
                raw.putDouble(v);
            } else {
                raw.putFloat((float) v);
            }
        }
        return ByteString.copyFrom(raw.array());
    }
}
