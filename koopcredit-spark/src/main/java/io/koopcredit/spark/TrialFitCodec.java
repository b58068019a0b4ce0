package io.koopcredit.spark;

import io.koopcredit.koopman.KoopmanOperator;
import io.koopcredit.koopman.TrajectoryStats;
import io.koopcredit.koopman.TrialFit;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.Precision;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A {@link TrialFit} as bytes, for its way back from an executor to the driver: every field, doubles as
 * their exact bit patterns, so the driver assembles the analysis from the very numbers the executor
 * computed.
 */
final class TrialFitCodec {
    private TrialFitCodec() {
    }

    /**
     * @param f the fit; not modified
     * @return its bytes
     */
    static byte[] encode(TrialFit f) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(f.trial());
            writeOperator(out, f.operator());
            out.writeInt(f.snapshotRank());
            out.writeDouble(f.snapshotCondition());
            out.writeDouble(f.snapshotLargest());
            out.writeDouble(f.noiseFloor());
            out.writeInt(f.keptBelowNoise());
            out.writeLong(f.nominalPairs());
            out.writeInt(f.distinctPairs());
            TrajectoryStats t = f.trajectories();
            out.writeBoolean(t != null);
            if (t != null) {
                out.writeInt(t.samples());
                out.writeInt(t.steps());
                out.writeInt(t.stopped());
                out.writeInt(t.firstStopStep());
                out.writeInt(t.cycled());
                out.writeInt(t.medianCycleStep());
                out.writeInt(t.maxPeriod());
                out.writeInt(t.converged());
                out.writeInt(t.medianConvergedStep());
                out.writeLong(t.computedSteps());
                out.writeDouble(t.meanNormFirst());
                out.writeDouble(t.meanNormLast());
            }
            out.writeBoolean(f.alignmentResidual() != null);
            if (f.alignmentResidual() != null) {
                out.writeDouble(f.alignmentResidual());
            }
            out.writeInt(f.alignmentDraws());
            out.writeUTF(f.precision().name());
            writeArray(out, f.eigenvalueModuli());
            out.writeDouble(f.embeddingSeconds());
            out.writeDouble(f.dmdSeconds());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * @param bytes what {@link #encode} wrote; not modified
     * @return the fit
     */
    static TrialFit decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int trial = in.readInt();
            KoopmanOperator operator = readOperator(in);
            int snapshotRank = in.readInt();
            double condition = in.readDouble();
            double largest = in.readDouble();
            double noiseFloor = in.readDouble();
            int keptBelowNoise = in.readInt();
            long nominalPairs = in.readLong();
            int distinctPairs = in.readInt();
            TrajectoryStats stats = in.readBoolean()
                    ? new TrajectoryStats(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                            in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readLong(), in.readDouble(),
                            in.readDouble())
                    : null;
            Double residual = in.readBoolean() ? in.readDouble() : null;
            int draws = in.readInt();
            Precision precision = Precision.valueOf(in.readUTF());
            double[] moduli = readArray(in);
            double embedding = in.readDouble();
            double dmd = in.readDouble();
            return new TrialFit(trial, operator, snapshotRank, condition, largest, noiseFloor, keptBelowNoise,
                    nominalPairs, distinctPairs, stats, residual, draws, precision, moduli, embedding, dmd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeOperator(DataOutputStream out, KoopmanOperator k) throws IOException {
        writeMatrix(out, k.u());
        writeArray(out, k.s());
        writeMatrix(out, k.v());
        writeArray(out, k.offset());
    }

    private static KoopmanOperator readOperator(DataInputStream in) throws IOException {
        Matrix u = readMatrix(in);
        double[] s = readArray(in);
        Matrix v = readMatrix(in);
        return new KoopmanOperator(u, s, v, readArray(in));
    }

    private static void writeMatrix(DataOutputStream out, Matrix m) throws IOException {
        out.writeInt(m.rows());
        out.writeInt(m.cols());
        writeValues(out, m.toColumnMajor());
    }

    private static Matrix readMatrix(DataInputStream in) throws IOException {
        int rows = in.readInt();
        int cols = in.readInt();
        return Matrix.wrap(rows, cols, readValues(in, rows * cols));
    }

    private static void writeArray(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values == null ? -1 : values.length);
        if (values != null) {
            writeValues(out, values);
        }
    }

    private static double[] readArray(DataInputStream in) throws IOException {
        int n = in.readInt();
        return n < 0 ? null : readValues(in, n);
    }

    private static void writeValues(DataOutputStream out, double[] values) throws IOException {
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    private static double[] readValues(DataInputStream in, int n) throws IOException {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }
}
