package io.koopcredit.model;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Facts about a model file, for provenance and for matching data to the model.
 *
 * @param path the file the model was read from
 * @param sha256 hex SHA-256 of the file's bytes
 * @param producer producer name and version written in the file (may be empty)
 * @param opset the default-domain opset version
 * @param inputShape shape of one input sample (without the batch dimension)
 * @param outputShape shape of one output sample of the full model
 * @param preprocessing the preprocessing the model declares in its metadata (key
 *     {@value #PREPROCESSING_KEY}), if any, as written there (e.g. {@code pool=3})
 */
public record ModelInfo(Path path, String sha256, String producer, long opset, TensorShape inputShape,
                        TensorShape outputShape, Optional<String> preprocessing) {
    /** The model metadata key under which a model declares its preprocessing (the one definition). */
    public static final String PREPROCESSING_KEY = "koopcredit.preprocessing";
}
