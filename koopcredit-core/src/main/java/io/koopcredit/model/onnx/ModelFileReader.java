package io.koopcredit.model.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import io.koopcredit.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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

    private ModelFileReader() {
    }

    /**
     * @param file the model file; not modified
     * @return the parsed model
     * @throws InputException if the file is missing, unreadable, not an ONNX model or not self-contained
     */
    static ModelFile read(Path file) {
        if (Files.isDirectory(file)) {
            throw new InputException(file + ": expected an ONNX model file, found a directory");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": expected an ONNX model file, found no such file", e);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read the model file: " + OrtRuntime.oneLine(e), e);
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
