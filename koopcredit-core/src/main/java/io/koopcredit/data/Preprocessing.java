package io.koopcredit.data;

import io.koopcredit.base.InputException;
import io.koopcredit.model.ModelInfo;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * How raw values become model inputs. Applied in this order:
 * <ol>
 *   <li><b>scale</b>: pixel bytes (IDX images, {@code '|u1'} NPY files) are divided by 255, in float
 *       ({@code (b & 0xff) / 255f}), giving [0, 1]. Always done for byte data; float NPY data is taken as
 *       already scaled and left alone.</li>
 *   <li><b>normalize</b> (optional): {@code (x - mean) / std}, in float.</li>
 *   <li><b>pool</b> (optional): {@code K x K} max pooling with stride {@code K} over the last two dimensions
 *       of each sample, in floor mode: an {@code H x W} image becomes {@code floor(H/K) x floor(W/K)}, and
 *       the last rows and columns that do not fill a window are dropped (28x28 with K=3 gives 9x9 from
 *       rows and columns 0..26).</li>
 * </ol>
 *
 * <p>The textual spec ({@link #parse(String)}, {@link #toString()}) is the one a model stores in its ONNX
 * metadata under {@value io.koopcredit.model.ModelInfo#PREPROCESSING_KEY} and the one the command line
 * accepts: {@code scale}, {@code pool=K}, {@code normalize=MEAN,STD}, joined by {@code ;}, e.g.
 * {@code normalize=0.5,0.5;pool=3}.
 *
 * @param normalization the normalization applied after scaling, if any
 * @param pool the pooling window and stride {@code K}, at least 1; 1 means no pooling
 */
public record Preprocessing(Optional<Normalization> normalization, int pool) {

    /** Scaling only: what byte data gets when neither the model nor the user asks for more. */
    public static final Preprocessing DEFAULT = new Preprocessing(Optional.empty(), 1);

    /** The divisor that maps a pixel byte 0..255 to [0, 1]. */
    private static final float PIXEL_MAX = 255f;

    private static final String SCALE = "scale";
    private static final String POOL = "pool";
    private static final String NORMALIZE = "normalize";
    private static final Pattern POSITIVE_INT = Pattern.compile("\\+?\\d{1,9}");
    private static final String ACCEPTED = "accepted: 'scale', 'pool=K' (K >= 1), 'normalize=MEAN,STD' (STD > 0),"
            + " joined by ';', e.g. 'normalize=0.1307,0.3081;pool=3'";

    /**
     * Validates the components.
     *
     * @param normalization the normalization applied after scaling, if any
     * @param pool the pooling window and stride, at least 1 (1: no pooling)
     * @throws InputException if the pooling size is below 1
     */
    public Preprocessing {
        Objects.requireNonNull(normalization, "normalization");
        if (pool < 1) {
            throw new InputException("pool size K: expected an integer >= 1, found " + pool);
        }
    }

    /**
     * @param model a model, whose metadata may declare its preprocessing
     *     ({@link ModelInfo#PREPROCESSING_KEY})
     * @return what it declares, or {@link #DEFAULT}
     * @throws io.koopcredit.base.InputException if the declared spec does not parse
     */
    public static Preprocessing declaredBy(ModelInfo model) {
        return model.preprocessing().map(Preprocessing::parse).orElse(DEFAULT);
    }

    /**
     * Parses a spec such as {@code scale}, {@code pool=3}, {@code normalize=0.1307,0.3081} or
     * {@code normalize=0.5,0.5;pool=3}. Items are separated by {@code ;}, each may appear once, in any order;
     * {@code scale} may be combined with the others and changes nothing (scaling is always done).
     *
     * @param spec the spec (not modified)
     * @return the preprocessing it describes
     * @throws InputException naming the spec and what is accepted if it is empty, has an unknown or repeated
     *     item, or a malformed or out-of-range value
     */
    public static Preprocessing parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String quoted = "preprocessing spec '" + Messages.printable(spec) + "'";
        if (spec.isBlank()) {
            throw new InputException(quoted + ": expected at least one item, found none; " + ACCEPTED);
        }
        boolean scale = false;
        Normalization normalization = null;
        Integer pool = null;
        for (String raw : spec.split(";", -1)) {
            String item = raw.trim();
            String where = quoted + ": item '" + Messages.printable(item) + "'";
            int eq = item.indexOf('=');
            String key = (eq < 0 ? item : item.substring(0, eq)).trim();
            String value = eq < 0 ? null : item.substring(eq + 1).trim();
            boolean repeated;
            switch (key) {
                case SCALE -> {
                    if (value != null) {
                        throw new InputException(where + ": expected 'scale' without a value, found '="
                                + Messages.printable(value) + "'; " + ACCEPTED);
                    }
                    repeated = scale;
                    scale = true;
                }
                case POOL -> {
                    if (value == null || !POSITIVE_INT.matcher(value).matches() || Integer.parseInt(value) < 1) {
                        throw new InputException(where + ": expected pool=K with an integer K >= 1, found "
                                + (value == null ? "no value" : "'" + Messages.printable(value) + "'") + "; "
                                + ACCEPTED);
                    }
                    repeated = pool != null;
                    pool = Integer.parseInt(value);
                }
                case NORMALIZE -> {
                    if (value == null) {
                        throw new InputException(where + ": expected normalize=" + Normalization.FORMAT
                                + ", found no value; " + ACCEPTED);
                    }
                    repeated = normalization != null;
                    try {
                        normalization = Normalization.parse(value, where);
                    } catch (InputException e) {
                        throw new InputException(e.getMessage() + "; " + ACCEPTED, e);
                    }
                }
                default -> throw new InputException(where + ": expected a known item, found "
                        + (item.isEmpty() ? "an empty item" : "'" + Messages.printable(key) + "'") + "; " + ACCEPTED);
            }
            if (repeated) {
                throw new InputException(where + ": expected each item once, found '" + key + "' again; " + ACCEPTED);
            }
        }
        return new Preprocessing(Optional.ofNullable(normalization), pool == null ? 1 : pool);
    }

    /**
     * @param k the pooling window and stride, at least 1 (1 turns pooling off); e.g. from {@code --pool}
     * @return this preprocessing with the pooling replaced
     * @throws InputException if {@code k} is below 1
     */
    public Preprocessing withPool(int k) {
        return new Preprocessing(normalization, k);
    }

    /**
     * @param n the normalization to apply after scaling; e.g. from {@code --normalize}
     * @return this preprocessing with the normalization replaced
     */
    public Preprocessing withNormalization(Normalization n) {
        return new Preprocessing(Optional.of(n), pool);
    }

    /**
     * @param mean the value subtracted, finite
     * @param std the divisor, finite and greater than 0
     * @return this preprocessing with the normalization replaced
     * @throws InputException if the values are out of range
     */
    public Preprocessing withNormalization(float mean, float std) {
        return withNormalization(new Normalization(mean, std));
    }

    /** @return this preprocessing without normalization */
    public Preprocessing withoutNormalization() {
        return new Preprocessing(Optional.empty(), pool);
    }

    /**
     * @param sampleShape the shape of one raw sample, e.g. {@code [1, 28, 28]} (not modified)
     * @return the shape after this preprocessing, e.g. {@code [1, 9, 9]} with {@code pool=3}
     * @throws InputException if pooling is requested and the sample has fewer than 2 dimensions or is
     *     smaller than the window
     */
    public int[] outputShape(int[] sampleShape) {
        return outputShape("data", sampleShape);
    }

    private int[] outputShape(String what, int[] sampleShape) {
        int[] out = sampleShape.clone();
        if (pool == 1) {
            return out;
        }
        int rank = out.length;
        if (rank < 2) {
            throw new InputException(what + ": pool=" + pool + " expected samples with at least 2 dimensions"
                    + " (height, width), found shape " + Dataset.shapeText(sampleShape));
        }
        int h = out[rank - 2];
        int w = out[rank - 1];
        if (pool > Math.min(h, w)) {
            throw new InputException(what + ": pool=" + pool + " is larger than the " + h + "x" + w
                    + " images; expected K from 1 to " + Math.min(h, w));
        }
        out[rank - 2] = h / pool;
        out[rank - 1] = w / pool;
        return out;
    }

    /**
     * Preprocesses IDX images into samples of shape {@code [1, H', W']}.
     *
     * @param images the images (not modified)
     * @param labelsOrNull their labels, or {@code null} for unlabelled data (not modified)
     * @return the preprocessed dataset, described by the image file's path
     * @throws InputException if the label count differs from the image count, or the pooling window is
     *     larger than the images
     */
    public Dataset apply(IdxImages images, Labels labelsOrNull) {
        Objects.requireNonNull(images, "images");
        int[] labels = null;
        if (labelsOrNull != null) {
            checkLabels(labelsOrNull.source(), labelsOrNull.count(), images.source(), images.count());
            labels = labelsOrNull.labels();
        }
        byte[] pixels = images.pixels();
        float[] values = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            values[i] = (pixels[i] & 0xff) / PIXEL_MAX;
        }
        return finish(images.source(), new int[] {1, images.rows(), images.cols()}, values, labels);
    }

    /**
     * Preprocesses NPY samples, keeping their shape apart from pooling (e.g. {@code (N, 28, 28)} with
     * {@code pool=3} gives samples of shape {@code [9, 9]}). Byte data is scaled by 1/255; float data is
     * taken as already scaled.
     *
     * @param samples the samples (not modified)
     * @param labelsOrNull their labels, or {@code null} for unlabelled data (not modified)
     * @return the preprocessed dataset, described by the sample file's path
     * @throws InputException if the label count differs from the sample count, or pooling is requested and
     *     does not fit the samples
     */
    public Dataset apply(NpySamples samples, Labels labelsOrNull) {
        Objects.requireNonNull(samples, "samples");
        int[] labels = null;
        if (labelsOrNull != null) {
            checkLabels(labelsOrNull.source(), labelsOrNull.count(), samples.source(), samples.count());
            labels = labelsOrNull.labels();
        }
        float[] values = samples.values();
        if (samples.isByteData()) {
            for (int i = 0; i < values.length; i++) {
                values[i] = values[i] / PIXEL_MAX;
            }
        }
        return finish(samples.source(), samples.sampleShape(), values, labels);
    }

    private static void checkLabels(Path labelsSource, int labelCount, Path samplesSource, int sampleCount) {
        if (labelCount != sampleCount) {
            throw new InputException(labelsSource + ": expected " + sampleCount + " labels, one per sample in "
                    + samplesSource + ", found " + labelCount);
        }
    }

    /** Normalizes and pools scaled values (modifying {@code values}) and builds the dataset. */
    private Dataset finish(Path source, int[] shape, float[] values, int[] labels) {
        int[] outShape = outputShape(source.toString(), shape);
        if (normalization.isPresent()) {
            float mean = normalization.get().mean();
            float std = normalization.get().std();
            for (int i = 0; i < values.length; i++) {
                values[i] = (values[i] - mean) / std;
            }
        }
        float[] out = pool == 1 ? values : maxPool(values, shape, pool);
        return new Dataset(source.toString(), outShape, out, labels);
    }

    /**
     * Max pooling with a {@code k x k} window and stride {@code k} over the last two dimensions, floor mode.
     *
     * @param values samples of {@code shape}, sample-major (not modified)
     * @param shape the shape of one sample, at least 2 dimensions, the last two at least {@code k}
     * @param k the window and stride
     * @return the pooled values
     */
    static float[] maxPool(float[] values, int[] shape, int k) {
        int rank = shape.length;
        int h = shape[rank - 2];
        int w = shape[rank - 1];
        int oh = h / k;
        int ow = w / k;
        int planes = values.length / (h * w); // samples times leading extents (channels)
        float[] out = new float[planes * oh * ow];
        for (int p = 0; p < planes; p++) {
            int in0 = p * h * w;
            int out0 = p * oh * ow;
            for (int r = 0; r < oh; r++) {
                for (int c = 0; c < ow; c++) {
                    float max = Float.NEGATIVE_INFINITY;
                    for (int dr = 0; dr < k; dr++) {
                        int row = in0 + (r * k + dr) * w + c * k;
                        for (int dc = 0; dc < k; dc++) {
                            max = Math.max(max, values[row + dc]);
                        }
                    }
                    out[out0 + r * ow + c] = max;
                }
            }
        }
        return out;
    }

    /**
     * @return the canonical spec that {@link #parse(String)} reads back to an equal value: {@code scale} when
     *     there is neither normalization nor pooling, otherwise the items in the order they are applied,
     *     e.g. {@code normalize=0.1307,0.3081;pool=3}
     */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(";");
        normalization.ifPresent(n -> j.add(NORMALIZE + "=" + n));
        if (pool > 1) {
            j.add(POOL + "=" + pool);
        }
        return j.length() == 0 ? SCALE : j.toString();
    }
}
