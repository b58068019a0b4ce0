package io.koopcredit.model.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import io.koopcredit.base.InputException;
import io.koopcredit.base.InputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** Reads a model file: its bytes, their SHA-256 and the parsed ONNX {@code ModelProto}. */
final class ModelFileReader {

    /**
     * A parsed model file.
     *
     * @param path where it was read from
     * @param sha256 hex SHA-256 of its bytes
     * @param model the parsed model
     */
    record ModelFile(Path path, String sha256, ModelProto model) {
        /** Validates the fields. */
        ModelFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(model, "model");
            if (sha256 == null || sha256.length() != SHA256_HEX_LENGTH) {
                throw new IllegalArgumentException("expected a hex SHA-256, found " + sha256);
            }
        }
    }

    /** Hex digits of a SHA-256 digest (32 bytes). */
    static final int SHA256_HEX_LENGTH = 64;

    /**
     * The largest model file read: protobuf's limit on one serialized message (2 GiB - 1), which is why
     * ONNX stores the weights of larger models in external files.
     */
    static final long MAX_MODEL_BYTES = Integer.MAX_VALUE;

    /**
     * Heap bytes per byte of model file while it is read: the file's bytes and the parsed
     * {@code ModelProto} (which copies the weights) are in memory together. A lower bound: a file larger
     * than the heap divided by this cannot be read at all, so it is refused before reading.
     */
    static final long HEAP_PER_MODEL_BYTE = 2;

    private ModelFileReader() {
    }

    /**
     * @param file the model file; not modified
     * @return the parsed model
     * @throws InputException if the file is missing, not a regular file, unreadable, larger than protobuf's
     *     limit or the heap allows, not an ONNX model or not self-contained
     */
    static ModelFile read(Path file) {
        long size = InputFiles.requireRegularFile(file, "an ONNX model file");
        if (size == 0) {
            throw new InputException(file + ": expected an ONNX model file, found an empty (0-byte) file");
        }
        if (size > MAX_MODEL_BYTES) {
            throw new InputException(file + ": expected an ONNX model file of at most " + MAX_MODEL_BYTES
                    + " bytes (protobuf's limit; larger models keep their weights in external files, which koopcredit"
                    + " does not read), found " + InputFiles.size(size) + " (" + size + " bytes)");
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (heap != Long.MAX_VALUE && size > heap / HEAP_PER_MODEL_BYTE) {
            throw new InputException(file + ": a model file of " + InputFiles.size(size) + " needs at least "
                    + HEAP_PER_MODEL_BYTE + " times its size in memory to be read, found a maximum heap (-Xmx) of "
                    + InputFiles.size(heap));
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) size);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read the model file: " + InputFiles.describeFailure(file, e), e);
        }
        if (bytes.length < size) {
            throw new InputException(file + ": expected " + size + " bytes (the file's size), found only "
                    + bytes.length + "; did the file change while it was read?");
        }
        ModelProto model;
        try {
            model = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new InputException(file + ": expected an ONNX model (protobuf ModelProto), found "
                    + bytes.length + " bytes that do not parse (" + OrtRuntime.oneLine(e) + ")", e);
        }
        // Arbitrary bytes sometimes parse as a protobuf message of unknown fields: insist on the parts every
        // ONNX model has.
        if (model.getIrVersion() <= 0 || !model.hasGraph() || model.getGraph().getNodeCount() == 0
                || model.getOpsetImportCount() == 0) {
            throw new InputException(file + ": expected an ONNX model (IR version, opset and a graph of nodes),"
                    + " found " + bytes.length + " bytes without them; is this an ONNX file?");
        }
        for (TensorProto t : model.getGraph().getInitializerList()) {
            if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
                throw new InputException(file + ": initializer '" + t.getName() + "' keeps its data in an"
                        + " external file; expected a self-contained model (save it with all tensors inside)");
            }
        }
        return new ModelFile(file, sha256(bytes), model);
    }

    /**
     * @param bytes a model's serialized bytes; not modified
     * @return their hex SHA-256
     */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
