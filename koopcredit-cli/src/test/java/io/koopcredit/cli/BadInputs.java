package io.koopcredit.cli;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.koopcredit.model.onnx.GraphBuilder;
import io.koopcredit.model.onnx.GraphBuilder.Naming;
import io.koopcredit.model.onnx.TestModels;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The generated half of the bad-input corpus ({@code src/test/resources/bad-inputs/README.md}): the files
 * that are too large, too special or too easy to build from the test {@link GraphBuilder} to be stored:
 * a named pipe, a sparse 3 GiB file, symbolic link loops, a dangling link, an unreadable file, a read-only
 * folder, a gzip
 * stream that expands to 64 MiB, and the hostile ONNX models (NaN weights, recurrent layers, opsets and IR
 * versions from the future, activations that overflow, ...). {@link #generate} writes them all into one
 * folder in well under a second (the sparse file takes no disk space).
 */
final class BadInputs {
    /** Seed of the generated models' weights. */
    private static final long SEED = 13;

    private BadInputs() {
    }

    /**
     * @param dir an empty folder; the files are created in it
     * @return {@code dir}
     */
    static Path generate(Path dir) {
        try {
            specialFiles(dir);
            models(dir);
            data(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void specialFiles(Path dir) throws IOException {
        run("mkfifo", dir.resolve("fifo.onnx").toString());
        run("mkfifo", dir.resolve("fifo.npy").toString());
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("sparse-3g.onnx").toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        Files.createSymbolicLink(dir.resolve("loop-a"), dir.resolve("loop-b"));
        Files.createSymbolicLink(dir.resolve("loop-b"), dir.resolve("loop-a"));
        Files.createSymbolicLink(dir.resolve("self-loop"), Path.of("self-loop"));
        Files.createSymbolicLink(dir.resolve("dangling.onnx"), dir.resolve("gone.onnx"));
        Path unreadable = Files.copy(Path.of("models/mlp81-mnist.onnx"), dir.resolve("unreadable.onnx"));
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
        Path readOnly = Files.createDirectories(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.createDirectories(dir.resolve("empty-folder"));
        Files.createDirectories(dir.resolve("other-files"));
        Files.writeString(dir.resolve("other-files/README.txt"), "no digits here\n");
        Files.writeString(dir.resolve("a-file"), "a file, not a folder\n");
    }

    /** A gzip IDX file whose one image is followed by 64 MiB of zeros: reading must stop early. */
    private static void data(Path dir) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("expands.gz")))) {
            out.write(ByteBuffer.allocate(16).putInt(2051).putInt(1).putInt(28).putInt(28).array());
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                out.write(zeros);
            }
        }
    }

    private static void models(Path dir) throws IOException {
        ModelProto mlp = ModelProto.parseFrom(Files.readAllBytes(Path.of("models/mlp81-mnist.onnx")));
        byte[] bytes = mlp.toByteArray();
        Files.write(dir.resolve("truncated.onnx"), Arrays.copyOf(bytes, bytes.length / 2));
        Files.write(dir.resolve("opset999.onnx"), mlp.toBuilder()
                .setOpsetImport(0, mlp.getOpsetImport(0).toBuilder().setVersion(999)).build().toByteArray());
        Files.write(dir.resolve("ir99.onnx"), mlp.toBuilder().setIrVersion(99).build().toByteArray());
        Files.write(dir.resolve("external-data.onnx"), withExternalData(mlp).toByteArray());

        mlp(dir, "nan-weights.onnx", Float.NaN, -1);
        mlp(dir, "inf-bias.onnx", -1, Float.POSITIVE_INFINITY);
        nanConstant(dir);
        overflow(dir);
        threeClasses(dir);
        elu(dir);
        narrowInput(dir);
        recurrent(dir, "LSTM", "lstm-middle.onnx");
        recurrent(dir, "GRU", "gru-middle.onnx");
        batchwiseLstm(dir);
        resizeBogus(dir);
        TestModels.withIf(dir);
        TestModels.twoInputs(dir);
        TestModels.twoOutputs(dir);
        TestModels.int64Input(dir);
        onlySoftmax(dir);
    }

    /** An 81-16-10 MLP; {@code weight} (if not -1) goes into dense1's weights, {@code bias} into dense2's bias. */
    private static void mlp(Path dir, String file, float weight, float bias) {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, SEED);
        String x = b.input("input", GraphBuilder.DYNAMIC, 81);
        if (weight != -1) {
            float[] w = filled(16 * 81, 0.01f);
            w[7] = weight;
            x = gemm(b, x, "dense1", w, filled(16, 0.1f));
        } else {
            x = b.gemm(x, "dense1", 81, 16);
        }
        x = b.unary("Relu", x);
        if (bias != -1) {
            float[] bb = filled(10, 0f);
            bb[3] = bias;
            x = gemm(b, x, "dense2", filled(10 * 16, 0.25f), bb);
        } else {
            x = b.gemm(x, "dense2", 16, 10);
        }
        savePooled(b, x, dir, file);
    }

    /** A model whose Constant node (a scale factor) holds NaN. */
    private static void nanConstant(Path dir) {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, SEED);
        String x = b.unary("Relu", b.gemm(b.input("input", GraphBuilder.DYNAMIC, 81), "dense1", 81, 16));
        TensorProto nan = TensorProto.newBuilder().setName("scale").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addFloatData(Float.NaN).build();
        x = b.node("Mul", null, List.of(x, b.constant(nan)));
        savePooled(b, b.gemm(x, "dense2", 16, 10), dir, "nan-constant.onnx");
    }

    /** Finite weights of 1e20: two layers take a pixel of 1 to 1e40, beyond float32 (3.4e38). */
    private static void overflow(Path dir) {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, SEED);
        String x = b.input("input", GraphBuilder.DYNAMIC, 81);
        x = b.unary("Relu", gemm(b, x, "dense1", filled(16 * 81, 1e20f), filled(16, 0f)));
        savePooled(b, gemm(b, x, "dense2", filled(10 * 16, 1e20f), filled(10, 0f)), dir, "overflow.onnx");
    }

    /** A 3-class model: the digits' labels 3 to 9 are not among its classes. */
    private static void threeClasses(Path dir) {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, SEED);
        String x = b.unary("Relu", b.gemm(b.input("input", GraphBuilder.DYNAMIC, 81), "dense1", 81, 16));
        savePooled(b, b.gemm(x, "dense2", 16, 3), dir, "three-classes.onnx");
    }

    /** An 81-16-10 MLP with Elu after dense1: ONNX Runtime has no float64 kernel for Elu. */
    private static void elu(Path dir) {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, SEED);
        String x = b.unary("Elu", b.gemm(b.input("input", GraphBuilder.DYNAMIC, 81), "dense1", 81, 16));
        savePooled(b, b.gemm(x, "dense2", 16, 10), dir, "elu.onnx");
    }

    /** Gemm with the given weights ({@code out x in}, transposed as PyTorch exports) and bias. */
    private static String gemm(GraphBuilder b, String x, String scope, float[] weights, float[] bias) {
        return b.node("Gemm", scope, List.of(x, b.floats(scope + ".weight", weights, bias.length,
                weights.length / bias.length), b.floats(scope + ".bias", bias, bias.length)),
                GraphBuilder.intAttr("transB", 1));
    }

    private static float[] filled(int n, float value) {
        float[] v = new float[n];
        Arrays.fill(v, value);
        return v;
    }

    /** Declares the output and the 9×9 pooling of the bundled 81-wide model, and saves. */
    private static void savePooled(GraphBuilder b, String output, Path dir, String file) {
        b.output(output);
        b.metadata("koopcredit.preprocessing", "pool=3");
        b.save(dir, file);
    }

    /** A model that takes 5 values per sample: the digits (784 pixels) do not fit it. */
    private static void narrowInput(Path dir) {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, SEED);
        String x = b.input("input", GraphBuilder.DYNAMIC, 5);
        x = b.gemm(x, "dense", 5, 10);
        b.output(x);
        b.save(dir, "width-5.onnx");
    }

    /** Dense, then a recurrent layer over a sequence of one step, then dense: the recurrent op is named. */
    private static void recurrent(Path dir, String op, String file) {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, SEED);
        String x = b.input("input", GraphBuilder.DYNAMIC, 81);
        x = b.unary("Relu", b.gemm(x, "dense1", 81, 12));
        String seq = b.node("Unsqueeze", null, List.of(x, b.longs("axis0", new long[] {0}, 1)));
        int gates = op.equals("LSTM") ? 4 : 3;
        String w = b.weights(op.toLowerCase() + ".W", 0.3, 1, gates * 6, 12);
        String r = b.weights(op.toLowerCase() + ".R", 0.3, 1, gates * 6, 6);
        String y = b.nodeWithOutputs(op, op.toLowerCase(), List.of(seq, w, r), 1,
                GraphBuilder.intAttr("hidden_size", 6)).get(0);
        y = b.node("Squeeze", null, List.of(y, b.longs("axes01", new long[] {0, 1}, 2)));
        y = b.gemm(y, "dense2", 6, 10);
        b.output(y);
        b.save(dir, file);
    }

    /**
     * A batch-first LSTM (layout=1) on a sequence input: ONNX Runtime's CPU kernel refuses it while the session
     * is created, and used to print two coloured [E:onnxruntime...] lines before koopcredit's own.
     */
    private static void batchwiseLstm(Path dir) {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, SEED);
        String x = b.input("input", GraphBuilder.DYNAMIC, 4, 8);
        String w = b.weights("lstm.W", 0.3, 1, 24, 8);
        String r = b.weights("lstm.R", 0.3, 1, 24, 6);
        String y = b.nodeWithOutputs("LSTM", "lstm", List.of(x, w, r), 1, GraphBuilder.intAttr("hidden_size", 6),
                GraphBuilder.intAttr("layout", 1)).get(0);
        b.output(b.gemm(b.reshapeTo(y, 24), "dense", 24, 3));
        b.save(dir, "lstm-batchwise.onnx");
    }

    /** A Resize with an unknown mode: ONNX Runtime fails while creating the kernel (and would log it). */
    private static void resizeBogus(Path dir) {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, SEED);
        String x = b.input("input", GraphBuilder.DYNAMIC, 1, 8, 8);
        x = b.node("Resize", null, List.of(x, "", b.floats("scales", new float[] {1, 1, 2, 2}, 4)),
                AttributeProto.newBuilder().setName("mode").setType(AttributeProto.AttributeType.STRING)
                        .setS(ByteString.copyFromUtf8("bogus")).build());
        x = b.node("Flatten", null, List.of(x), GraphBuilder.intAttr("axis", 1));
        x = b.gemm(x, "dense", 256, 3);
        b.output(x);
        b.save(dir, "resize-bogus.onnx");
    }

    /** Nothing but a Softmax: nothing is left to credit once it is excluded. */
    private static void onlySoftmax(Path dir) {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, SEED);
        String x = b.input("input", GraphBuilder.DYNAMIC, 10);
        b.output(b.node("Softmax", null, List.of(x), GraphBuilder.intAttr("axis", 1)));
        b.save(dir, "only-softmax.onnx");
    }

    /** The bundled model with its first weight tensor marked as stored in an external file. */
    private static ModelProto withExternalData(ModelProto m) {
        ModelProto.Builder b = m.toBuilder();
        TensorProto t = b.getGraph().getInitializer(0).toBuilder().clearRawData()
                .setDataLocation(TensorProto.DataLocation.EXTERNAL).build();
        b.getGraphBuilder().setInitializer(0, t);
        return b.build();
    }

    private static void run(String... command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
