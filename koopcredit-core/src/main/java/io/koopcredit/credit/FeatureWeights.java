package io.koopcredit.credit;

import io.koopcredit.koopman.KoopmanOperator;
import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Feature weights (Section III.D, "Another view on K", Fig. 4(b)): the global operator
 * {@code K = K_m ⋯ K_1} maps the network's input to its output, {@code y^i = Σ_j K^{ij} x^j}, so row c of
 * K, reshaped to the input's shape, weighs every input pixel for class c.
 *
 * <p>Two forms, the same values. <em>Inline</em>: every row on the heap (the bundled models: 10 × 784).
 * <em>Computed</em>: rows are produced on demand, a tile of {@link #tileClasses()} classes at a time
 * (ResNet-18 on ImageNet: 1000 × 150528 doubles would be 1.2 GB), by the analysis that made them (the
 * Gram form multiplies its coefficients by the training inputs; the dense form reads its product
 * operator). An analysis picks the computed form when classes × inputs exceeds {@link #INLINE_VALUES}, a
 * property of the model alone; {@code credit.json} then names the {@code .npy} file with every row instead
 * of holding them. Tiles always cover the same classes, and every accessor reads whole tiles, so a value is
 * the same bits whichever accessor returns it. Per-class summaries (largest |w|, where, the row's norm) are
 * computed once, when the weights are made.
 */
public final class FeatureWeights {
    /**
     * Values (classes × inputs) up to which an analysis keeps the weights inline: 2¹⁸ (2 MiB of doubles,
     * about 5 MB of JSON text); 10 classes of 3 × 32 × 32 inputs (30,720) are inline, 1000 classes of
     * 3 × 224 × 224 (150 million) are not.
     */
    public static final long INLINE_VALUES = 1L << 18;

    /** Values of one tile of computed rows at most: 2²² (32 MiB of doubles). */
    static final int TILE_VALUES = 1 << 22;

    /** Produces rows of a computed form. */
    @FunctionalInterface
    public interface Rows {
        /**
         * @param from the first class, inclusive (the start of a tile)
         * @param to the last class, exclusive (the end of the same tile)
         * @return the rows of these classes, new arrays
         */
        double[][] rows(int from, int to);
    }

    /** Receives tiles of rows, in class order. */
    @FunctionalInterface
    public interface TileConsumer {
        /**
         * @param from the class of the first row
         * @param rows consecutive rows (not to be kept or modified beyond the call)
         */
        void accept(int from, double[][] rows);
    }

    private final int[] inputShape;
    private final int classes;
    private final int inputs;
    /** Every row, or null for the computed form. */
    private final double[][] held;
    /** The rows on demand, or null for the inline form. */
    private final Rows source;
    private final int tileClasses;
    private final double[] maxAbs;
    private final int[] maxAbsIndex;
    private final double[] norm;

    /**
     * The inline form.
     *
     * @param inputShape shape of one network input (e.g. [1, 28, 28] or [81]); copied
     * @param weights classes × inputs: {@code weights[c][j] = K^{cj}}, each finite (owned: do not modify)
     * @throws IllegalArgumentException if a row's length differs from the input size or a weight is not finite
     */
    public FeatureWeights(int[] inputShape, double[][] weights) {
        this(inputShape, weights.length, weights, null, Math.max(1, weights.length), null);
    }

    private FeatureWeights(int[] inputShape, int classes, double[][] held, Rows source, int tileClasses,
                           TileConsumer alsoTo) {
        this.inputShape = inputShape.clone();
        long size = 1;
        for (int d : this.inputShape) {
            size *= d;
        }
        if (classes < 1 || size < 1 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("feature weights need at least one class and input, found " + classes
                    + " classes of shape " + Arrays.toString(inputShape));
        }
        this.classes = classes;
        this.inputs = (int) size;
        this.held = held;
        this.source = source;
        this.tileClasses = tileClasses;
        this.maxAbs = new double[classes];
        this.maxAbsIndex = new int[classes];
        this.norm = new double[classes];
        forEachTile((from, rows) -> {
            for (int i = 0; i < rows.length; i++) {
                summarise(from + i, rows[i]);
            }
            if (alsoTo != null) {
                alsoTo.accept(from, rows);
            }
        });
    }

    private void summarise(int c, double[] row) {
        if (row.length != inputs) {
            throw new IllegalArgumentException("a weight row has " + row.length + " values, expected " + inputs);
        }
        double best = -1;
        int where = 0;
        double sq = 0;
        for (int j = 0; j < row.length; j++) {
            double w = row[j];
            if (!Double.isFinite(w)) {
                throw new IllegalArgumentException("feature weights must be finite, found " + w + " for class " + c
                        + " at input " + j);
            }
            double a = Math.abs(w);
            if (a > best) {
                best = a;
                where = j;
            }
            sq += w * w;
        }
        maxAbs[c] = best;
        maxAbsIndex[c] = where;
        norm[c] = Math.sqrt(sq);
        if (!Double.isFinite(norm[c])) {
            throw new IllegalArgumentException("feature weights of class " + c + " have no finite norm");
        }
    }

    /**
     * The computed form: rows on demand, read once here for the summaries (and checked to be finite). The
     * source is asked for whole tiles only ({@code from} a multiple of {@code tileClasses}), and must give the
     * same values every time.
     *
     * @param inputShape shape of one network input; copied
     * @param classes the number of rows
     * @param tileClasses classes per tile (the last may be smaller)
     * @param source the rows of one tile at a time (kept)
     * @return the weights
     * @throws IllegalArgumentException if a weight is not finite
     */
    public static FeatureWeights computed(int[] inputShape, int classes, int tileClasses, Rows source) {
        return computed(inputShape, classes, tileClasses, source, null);
    }

    /**
     * The computed form, whose summary pass also hands every tile (after checking it) to another reader, so
     * that a caller who needs one more pass over the rows (e.g. {@link TemplateAgreement#tally}) does not
     * compute them again.
     *
     * @param alsoTo sees each tile once, in class order, or null; a tile with a weight that is not finite is
     *     not handed on (the construction fails)
     * @see #computed(int[], int, int, Rows)
     */
    public static FeatureWeights computed(int[] inputShape, int classes, int tileClasses, Rows source,
                                          TileConsumer alsoTo) {
        if (tileClasses < 1) {
            throw new IllegalArgumentException("a tile holds at least one class, found " + tileClasses);
        }
        return new FeatureWeights(inputShape, classes, null, Objects.requireNonNull(source, "source"),
                Math.min(tileClasses, classes), alsoTo);
    }

    /**
     * @param inputs values in one input
     * @return classes per tile of computed rows: as many as keep a tile within {@link #TILE_VALUES}, at least
     *     one (a function of the model alone)
     */
    static int tileClasses(int inputs) {
        return Math.max(1, TILE_VALUES / Math.max(1, inputs));
    }

    /**
     * @param classes rows
     * @param inputs values per row
     * @param limit the most values kept inline ({@link #INLINE_VALUES} outside tests)
     * @return whether weights of this size are kept inline
     */
    static boolean inline(long classes, long inputs, long limit) {
        return classes * inputs <= limit;
    }

    /**
     * @param operators K_1 .. K_m in execution order; not modified
     * @param inputShape the network input's shape
     * @return the rows of K_m ⋯ K_1 (linear parts only), inline
     */
    public static FeatureWeights of(List<KoopmanOperator> operators, int[] inputShape) {
        return ofProduct(product(operators), inputShape);
    }

    /**
     * @param product K_m ∘ ⋯ ∘ K_1, as {@link #product(List)} gives it; not modified
     * @param inputShape the network input's shape
     * @return the rows of its linear part, inline
     */
    public static FeatureWeights ofProduct(KoopmanOperator product, int[] inputShape) {
        Matrix k = product.linearPart().dense();
        return new FeatureWeights(inputShape, k.toRows());
    }

    /**
     * @param product K_m ∘ ⋯ ∘ K_1; not modified (its matrix is kept by the computed form)
     * @param inputShape the network input's shape
     * @param limit the most values kept inline
     * @return the rows of its linear part: inline up to {@code limit} values, else read from the product's
     *     matrix on demand
     */
    static FeatureWeights ofProduct(KoopmanOperator product, int[] inputShape, long limit) {
        int classes = product.nOut();
        int inputs = product.nIn();
        int tile = tileClasses(inputs);
        Matrix scaled = product.u().scaleColumns(product.s());
        Matrix v = product.v();
        // Rows from..to of U·diag(s)·Vᵀ, a tile of classes at a time from the compact factors: the dense
        // classes × inputs matrix (1.2 GB for 1000 classes of 3 × 224 × 224) is never formed. The inline form
        // is made of the same tiles, so a row has the same bits whichever form holds it (one tile, the whole
        // product's single multiplication, whenever classes × inputs ≤ 2²²: every bundled model).
        Rows rows = (from, to) -> Linalg.multiplyTransposeB(scaled.rowRange(from, to), v).toRows();
        if (!inline(classes, inputs, limit)) {
            return computed(inputShape, classes, tile, rows);
        }
        double[][] all = new double[classes][];
        for (int from = 0; from < classes; from += tile) {
            int to = Math.min(classes, from + tile);
            System.arraycopy(rows.rows(from, to), 0, all, from, to - from);
        }
        return new FeatureWeights(inputShape, all);
    }

    /**
     * @param k classes × inputs; kept by the computed form
     * @param inputShape the network input's shape
     * @param limit the most values kept inline
     * @param tileClasses classes per tile of the computed form
     * @return the rows of k: inline up to {@code limit} values, else read from k on demand
     */
    static FeatureWeights ofMatrix(Matrix k, int[] inputShape, long limit, int tileClasses) {
        if (inline(k.rows(), k.cols(), limit)) {
            return new FeatureWeights(inputShape, k.toRows());
        }
        return computed(inputShape, k.rows(), tileClasses, (from, to) -> {
            double[][] rows = new double[to - from][];
            for (int c = from; c < to; c++) {
                rows[c - from] = k.row(c);
            }
            return rows;
        });
    }

    /**
     * @param operators K_1 .. K_m in execution order; not modified
     * @return K_m ∘ ⋯ ∘ K_1, offsets composed when present
     */
    public static KoopmanOperator product(List<KoopmanOperator> operators) {
        KoopmanOperator k = operators.get(0);
        for (int i = 1; i < operators.size(); i++) {
            k = operators.get(i).compose(k);
        }
        return k;
    }

    /** @return shape of one network input (a copy) */
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** @return the number of classes (rows) */
    public int classes() {
        return classes;
    }

    /** @return values per row: the input size */
    public int inputs() {
        return inputs;
    }

    /** @return whether every row is held (the inline form); else rows are computed on demand */
    public boolean inline() {
        return held != null;
    }

    /**
     * @return every row (the inline form's own arrays: do not modify)
     * @throws IllegalStateException for the computed form: read it with {@link #forEachTile} or {@link #row}
     */
    public double[][] weights() {
        if (held == null) {
            throw new IllegalStateException("the feature weights (" + classes + " classes × " + inputs
                    + " inputs) are not held in memory: read them tile by tile (forEachTile) or row by row");
        }
        return held;
    }

    /** @return classes per tile of {@link #forEachTile} (all of them for the inline form) */
    public int tileClasses() {
        return tileClasses;
    }

    /**
     * Reads every row, a tile of {@link #tileClasses()} classes at a time, in class order; the computed form
     * holds one tile at a time.
     *
     * @param consumer receives the tiles
     */
    public void forEachTile(TileConsumer consumer) {
        for (int from = 0; from < classes; from += tileClasses) {
            int to = Math.min(classes, from + tileClasses);
            consumer.accept(from, tile(from, to));
        }
    }

    private double[][] tile(int from, int to) {
        if (held != null) {
            return Arrays.copyOfRange(held, from, to);
        }
        double[][] rows = source.rows(from, to);
        if (rows.length != to - from) {
            throw new IllegalStateException("a tile of classes " + from + ".." + to + " came with " + rows.length
                    + " rows");
        }
        return rows;
    }

    /**
     * @param cls a class
     * @return its row (the computed form reads the tile that holds it)
     */
    public double[] row(int cls) {
        return rows(new int[] {cls})[0];
    }

    /**
     * @param chosen classes; not modified
     * @return their rows, in the given order; the computed form reads each tile that holds one of them once
     */
    public double[][] rows(int[] chosen) {
        double[][] out = new double[chosen.length][];
        for (int i = 0; i < chosen.length; i++) {
            Objects.checkIndex(chosen[i], classes);
            if (held != null) {
                out[i] = held[chosen[i]].clone();
            }
        }
        if (held != null) {
            return out;
        }
        for (int i = 0; i < chosen.length; i++) {
            if (out[i] != null) {
                continue;
            }
            int from = chosen[i] / tileClasses * tileClasses;
            int to = Math.min(classes, from + tileClasses);
            double[][] tile = tile(from, to);
            for (int k = i; k < chosen.length; k++) {
                if (out[k] == null && chosen[k] >= from && chosen[k] < to) {
                    out[k] = tile[chosen[k] - from].clone();
                }
            }
        }
        return out;
    }

    /** @return per class, the largest |w| of its row (a copy) */
    public double[] maxAbs() {
        return maxAbs.clone();
    }

    /** @return per class, the flat input index of the first value with the largest |w| (a copy) */
    public int[] maxAbsIndex() {
        return maxAbsIndex.clone();
    }

    /** @return per class, the Euclidean norm of its row (a copy) */
    public double[] norm() {
        return norm.clone();
    }

    /** @return the largest |w| over every class (0 when all are zero) */
    public double limit() {
        double m = 0;
        for (double v : maxAbs) {
            m = Math.max(m, v);
        }
        return m;
    }

    /**
     * The per-sample view of Fig. 4(b): each pixel of a sample times its weight for a class.
     *
     * @param sample one network input; not modified
     * @param cls the class
     * @return {@code sample[j] · K^{cls,j}} for every j
     */
    public double[] contribution(float[] sample, int cls) {
        if (sample.length != inputs) {
            throw new IllegalArgumentException("sample has " + sample.length + " values, expected " + inputs);
        }
        double[] w = held != null ? held[cls] : row(cls);
        double[] out = new double[w.length];
        for (int j = 0; j < w.length; j++) {
            out[j] = sample[j] * w[j];
        }
        return out;
    }
}
