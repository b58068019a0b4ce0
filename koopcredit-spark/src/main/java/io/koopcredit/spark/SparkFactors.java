package io.koopcredit.spark;

import io.koopcredit.base.InputException;
import io.koopcredit.credit.BoundaryPass;
import io.koopcredit.credit.FactorRunner;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.model.StoredActivations;
import io.koopcredit.store.ColumnStore;
import io.koopcredit.store.MemoryColumns;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * The one-step estimator's Gram form on the cluster ({@link FactorRunner}): the per-boundary R factors,
 * cross products, held-out norms and kernel factors computed on the executors, so that only these N × N
 * and N × H results reach the driver.
 *
 * <ol>
 *   <li><b>Pass.</b> The fitting and held-out samples are cut into the driver's chunks of
 *       {@code passBatch} samples (so every chunk runs through ONNX Runtime exactly as in the driver's own
 *       pass, and gives the same activations); the chunks are spread over
 *       {@value #SAMPLE_PARTITIONS} partitions (default: Spark's default parallelism). An executor runs its
 *       chunks through the model it loaded once ({@link ExecutorModels}) and cuts every boundary's
 *       activations into the tiles of {@link BoundaryPass#tiles} (a function of the model and N alone).</li>
 *   <li><b>Shuffle.</b> The pieces (float32, which holds the network's activations exactly) are keyed by
 *       (boundary, tile, fitting or held-out, first sample) and moved by a Spark shuffle into one partition
 *       per boundary, sorted by that key: a boundary's tiles arrive in tile order, each tile's pieces in
 *       sample order. Nothing of them goes to the driver.</li>
 *   <li><b>Boundary tasks.</b> Each boundary's task assembles its tiles one at a time (rows × N and
 *       rows × H) and feeds them, in order, to a {@link BoundaryPass}: the code and the order of the
 *       single-machine path, so the same bits whatever the number of partitions or executors.</li>
 * </ol>
 *
 * <p>A boundary's R factor comes from its Gram matrix (CholeskyQR) where the criterion of
 * {@link io.koopcredit.linalg.CholeskyQr} holds; the boundaries where it does not are folded again by
 * today's tall-and-skinny QR in a second job ({@link #refold}) that reads their tiles from the same shuffle,
 * as the single-machine path reads its stores again: the decision depends on the Gram matrix's bits alone, so
 * the cluster and one machine take the same path and give the same bits.
 *
 * <p>A boundary is the unit of the last stage because its R factor is a sequential fold of its tiles (a
 * Gram matrix summed, or a tall-and-skinny QR, in tile order); splitting a boundary into several factors merged afterwards would cost an N³ merge
 * per split and change the rounding. The parallelism of that stage is the number of boundaries (m+1).
 */
final class SparkFactors {
    /** The setting that decides how many partitions the samples' pass runs in. */
    static final String SAMPLE_PARTITIONS = "spark.koopcredit.samplePartitions";

    private SparkFactors() {
    }

    /** Fitting or held-out. */
    static final int FIT = 0;
    static final int HELD = 1;

    /**
     * A run of samples through the network, aligned with the driver's chunks.
     *
     * @param kind {@link #FIT} or {@link #HELD}
     * @param first index of its first sample among its kind
     * @param count samples
     * @param samples preprocessed, sample after sample
     */
    record Chunk(int kind, int first, int count, float[] samples) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Where a piece of activations belongs; the shuffle's key.
     *
     * @param boundary the boundary (and the partition)
     * @param tile the tile's index, or -1 for a chunk's error
     * @param kind fitting or held-out
     * @param first the first sample of the piece
     */
    record TileKey(int boundary, int tile, int kind, int first) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * The activations of one tile's rows for one chunk's samples (rows × count, column-major), or the
     * chunk's error.
     */
    record Piece(float[] values, TrialTask.Status status, String message, String executor) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * What a boundary's task sends back: its statistics, or why it has none; the last boundary's task also
     * the network's outputs ({@code fitValues}, width × N, and {@code heldValues}, width × H; else null).
     */
    record Outcome(int boundary, TrialTask.Status status, int rRows, double[] r, double[] cross, double[] heldNormSq,
                   int[] kernelColumn, List<double[]> kernelFactors, double[] fitValues, double[] heldValues,
                   String message, String executor, String method, boolean refold) implements Serializable {
        private static final long serialVersionUID = 1L;

        static Outcome failed(int b, TrialTask.Status status, String message, String executor) {
            return new Outcome(b, status, 0, null, null, null, null, List.of(), null, null, message, executor, null,
                    false);
        }

        /**
         * @param fold the Householder fold of this boundary's tiles ({@link #refold}'s task)
         * @return this outcome (whose CholeskyQR was refused) with the fold's R and kernel factors
         */
        Outcome withFactors(Outcome fold) {
            if (!refold || fold.boundary() != boundary) {
                throw new IllegalStateException("boundary " + boundary + " takes no refold of boundary " + fold.boundary());
            }
            return new Outcome(boundary, status, fold.rRows(), fold.r(), cross, heldNormSq, kernelColumn,
                    fold.kernelFactors(), fitValues, heldValues, message, executor, method, false);
        }
    }

    /** One partition per boundary. */
    static final class ByBoundary extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int boundaries;

        ByBoundary(int boundaries) {
            this.boundaries = boundaries;
        }

        @Override
        public int numPartitions() {
            return boundaries;
        }

        @Override
        public int getPartition(Object key) {
            return ((TileKey) key).boundary();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByBoundary b && b.boundaries == boundaries;
        }

        @Override
        public int hashCode() {
            return boundaries;
        }
    }

    /** Boundary, then tile (errors first), then fitting before held-out, then sample order. */
    static final class KeyOrder implements Comparator<TileKey>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(TileKey a, TileKey b) {
            int c = Integer.compare(a.boundary(), b.boundary());
            if (c == 0) {
                c = Integer.compare(a.tile(), b.tile());
            }
            if (c == 0) {
                c = Integer.compare(a.kind(), b.kind());
            }
            return c != 0 ? c : Integer.compare(a.first(), b.first());
        }
    }

    /** Bytes of a double. */
    private static final long D = Double.BYTES;

    /**
     * The heap one boundary's task needs on an executor, predicted from the shapes (what it holds at its
     * peak, in doubles): the tile being assembled and its held-out rows (rows × (N + H)) and their copies in
     * the QR's and the product's native buffers, the running R factor (or Gram matrix, with a tile's own Gram
     * matrix before it is added) and the one it returns, a kernel's own factor, the cross products, every tall kernel's N × N factor, and the serialized result (R and the
     * cross products once more). Spark's shuffle buffers come from its own execution memory and spill to
     * disk.
     *
     * @param p the blocks
     * @param b the boundary
     * @param n N
     * @param h H
     * @return bytes, heap and native together
     */
    static long boundaryBytes(BlockPartition p, int b, int n, int h) {
        long rows = largestTile(p, b, n);
        long nn = (long) n * n;
        long tall = BoundaryPass.tallKernels(p, b, n);
        // The last boundary's task also returns the network's outputs (width × (N + H)), twice when serialized.
        long outputs = b == p.size() ? 2L * p.block(b - 1).nOut() * (n + h) : 0;
        return D * (2 * rows * (n + h) + rows * n + 7 * nn + 3L * n * h + tall * nn + outputs);
    }

    /** @return the rows of boundary b's largest tile */
    static long largestTile(BlockPartition p, int b, int n) {
        return BoundaryPass.tiles(p, b, n).stream().mapToInt(BoundaryPass.Tile::height).max().orElse(1);
    }

    /**
     * The heap of one chunk's pass on an executor: its activations at every boundary (float32), the tiles'
     * pieces made from them (float32 again) and one tile as doubles; beside ONNX Runtime's session (native
     * memory, about 2–4 times the model file, loaded once per executor).
     *
     * @param p the blocks
     * @param passBatch samples per chunk
     * @return bytes
     */
    static long chunkBytes(BlockPartition p, int passBatch) {
        long widths = p.block(0).nIn();
        long widest = widths;
        for (int i = 0; i < p.size(); i++) {
            widths += p.block(i).nOut();
            widest = Math.max(widest, p.block(i).nOut());
        }
        return (long) passBatch * (2 * Float.BYTES * widths + D * widest);
    }

    /** @return the boundary task's need, for messages ("1.2 GiB for a boundary task") */
    static String describeNeed(BlockPartition p, int b, int n, int h) {
        return io.koopcredit.store.MemorySize.format(boundaryBytes(p, b, n, h)) + " for this boundary's task";
    }

    /**
     * The job on the cluster; see the class comment.
     *
     * @param spark the context
     * @param job the analysis's boundaries
     * @param partitions how many partitions the samples' pass runs in
     * @return the outcomes, one per boundary, in any order (the caller checks and orders them)
     */
    static Submitted submit(JavaSparkContext spark, FactorRunner.Job job, int partitions) {
        BlockPartition p = job.blocks().partition();
        JobSpec spec = JobSpec.of(job.network().info(), p, job.options());
        int n = job.fitCount();
        int h = job.heldCount();
        List<Chunk> chunks = chunks(job.blocks().passBatch(), p.block(0).nIn(), job.fitSamples(), n, FIT);
        chunks.addAll(chunks(job.blocks().passBatch(), p.block(0).nIn(), job.heldSamples(), h, HELD));
        JavaRDD<Chunk> rdd = spark.parallelize(chunks, Math.max(1, Math.min(partitions, chunks.size())));
        JavaPairRDD<TileKey, Piece> sorted = rdd.flatMapToPair(c -> pass(spec, n, c))
                .repartitionAndSortWithinPartitions(new ByBoundary(p.size() + 1), new KeyOrder());
        return new Submitted(spec, sorted, sorted
                .mapPartitionsWithIndex((b, pieces) -> List.of(boundary(spec, n, h, b, pieces)).iterator(), true)
                .collectAsync());
    }

    /**
     * The first stage under way.
     *
     * @param spec what the executors rebuild
     * @param sorted every boundary's pieces after the shuffle (one partition per boundary, in key order): the
     *     second stage reads them again from the shuffle's files, without running the network again
     * @param outcomes the boundary tasks' results
     */
    record Submitted(JobSpec spec, JavaPairRDD<TileKey, Piece> sorted,
                     org.apache.spark.api.java.JavaFutureAction<List<Outcome>> outcomes) {
    }

    /** Receives a boundary's tiles, assembled, in order. */
    @FunctionalInterface
    interface TileSink {
        /**
         * @param tile its index in {@link BoundaryPass#tiles}
         * @param z its fitting activations, rows × N, column-major (owned by the sink)
         * @param y its held-out activations, rows × H
         */
        void accept(int tile, double[] z, double[] y);
    }

    /**
     * On an executor: a boundary's pieces, in key order, assembled into its tiles one at a time.
     *
     * @return the first piece that carries a chunk's error, or null when every tile went to the sink
     */
    static Piece eachTile(BlockPartition p, int n, int h, int b, Iterator<Tuple2<TileKey, Piece>> pieces,
                          TileSink sink) {
        List<BoundaryPass.Tile> tiles = BoundaryPass.tiles(p, b, n);
        int current = -1;
        double[] z = null;
        double[] y = null;
        long filled = 0;
        while (pieces.hasNext()) {
            Tuple2<TileKey, Piece> next = pieces.next();
            TileKey key = next._1();
            Piece piece = next._2();
            if (piece.status() != TrialTask.Status.OK) {
                return piece;
            }
            if (key.boundary() != b) {
                throw new IllegalStateException("boundary " + b + "'s task received a piece of boundary "
                        + key.boundary());
            }
            if (key.tile() != current) {
                if (current >= 0) {
                    requireComplete(b, current, filled, z.length + (long) y.length);
                    sink.accept(current, z, y);
                }
                if (key.tile() != current + 1) {
                    throw new IllegalStateException("boundary " + b + ": expected tile " + (current + 1)
                            + ", found tile " + key.tile());
                }
                current = key.tile();
                int rows = tiles.get(current).height();
                z = new double[Math.multiplyExact(rows, n)];
                y = new double[Math.multiplyExact(rows, h)];
                filled = 0;
            }
            int rows = tiles.get(current).height();
            double[] into = key.kind() == FIT ? z : y;
            float[] v = piece.values();
            int offset = key.first() * rows;
            for (int i = 0; i < v.length; i++) {
                into[offset + i] = v[i];
            }
            filled += v.length;
        }
        if (current >= 0) {
            requireComplete(b, current, filled, z.length + (long) y.length);
            sink.accept(current, z, y);
        }
        if (current != tiles.size() - 1) {
            throw new IllegalStateException("boundary " + b + ": expected " + tiles.size() + " tiles, found "
                    + (current + 1));
        }
        return null;
    }

    /** The driver's chunks of one kind of samples. */
    static List<Chunk> chunks(int passBatch, int size, float[] samples, int count, int kind) {
        List<Chunk> out = new ArrayList<>();
        for (int first = 0; first < count; first += passBatch) {
            int c = Math.min(passBatch, count - first);
            out.add(new Chunk(kind, first, c, Arrays.copyOfRange(samples, first * size, (first + c) * size)));
        }
        return out;
    }

    /**
     * Chunks run through the network by this JVM's executors since it started: a diagnostic (with a local
     * master, whose executors are the driver's JVM, a test sees that the second stage did not run the network
     * again).
     */
    static final java.util.concurrent.atomic.AtomicLong CHUNKS_RUN = new java.util.concurrent.atomic.AtomicLong();

    /** On an executor: one chunk through the network, cut into every boundary's tiles. */
    static Iterator<Tuple2<TileKey, Piece>> pass(JobSpec spec, int n, Chunk chunk) {
        CHUNKS_RUN.incrementAndGet();
        List<Tuple2<TileKey, Piece>> out = new ArrayList<>();
        String executor = TrialTask.executor();
        PartitionedNetwork pn;
        StoredActivations a;
        try {
            pn = ExecutorModels.get(spec).blocks();
            a = pn.activations(chunk.samples(), chunk.count(),
                    (b, rows, cols, element) -> new MemoryColumns(rows, cols, element), 1, done -> { });
        } catch (InputException e) {
            return failed(spec, chunk, TrialTask.Status.USER_ERROR, e.getMessage(), executor);
        } catch (OutOfMemoryError e) {
            return failed(spec, chunk, TrialTask.Status.OUT_OF_MEMORY, "running the network on " + chunk.count()
                    + " samples: " + e.getMessage(), executor);
        }
        try (a) {
            BlockPartition p = pn.partition();
            for (int b = 0; b <= p.size(); b++) {
                ColumnStore z = a.boundaries().get(b);
                List<BoundaryPass.Tile> tiles = BoundaryPass.tiles(p, b, n);
                for (int t = 0; t < tiles.size(); t++) {
                    BoundaryPass.Tile tile = tiles.get(t);
                    double[] v = new double[tile.height() * chunk.count()];
                    z.getTile(tile.from(), tile.to(), 0, chunk.count(), v);
                    float[] f = new float[v.length];
                    for (int i = 0; i < v.length; i++) {
                        // ONNX Runtime's activations are float32: exact
                        f[i] = (float) v[i];
                    }
                    out.add(new Tuple2<>(new TileKey(b, t, chunk.kind(), chunk.first()), new Piece(f, TrialTask.Status.OK,
                            null, null)));
                }
            }
        }
        return out.iterator();
    }

    /** The chunk's error, sent to every boundary's task (which reports it instead of its statistics). */
    private static Iterator<Tuple2<TileKey, Piece>> failed(JobSpec spec, Chunk chunk, TrialTask.Status status,
                                                          String message, String executor) {
        List<Tuple2<TileKey, Piece>> out = new ArrayList<>();
        for (int b = 0; b <= spec.blockNames().size(); b++) {
            out.add(new Tuple2<>(new TileKey(b, -1, chunk.kind(), chunk.first()), new Piece(null, status, message,
                    executor)));
        }
        return out.iterator();
    }

    /** On an executor: one boundary's tiles, in order, into its statistics (and the last one's values). */
    static Outcome boundary(JobSpec spec, int n, int h, int b, Iterator<Tuple2<TileKey, Piece>> pieces) {
        String executor = TrialTask.executor();
        try {
            BlockPartition p = ExecutorModels.get(spec).blocks().partition();
            BoundaryPass pass = new BoundaryPass(p, b, n, h);
            List<BoundaryPass.Tile> tiles = pass.tiles();
            List<double[]> kernels = new ArrayList<>();
            BoundaryPass.KernelSink sink = (column, square) -> kernels.add(square);
            boolean last = b == p.size();
            int width = last ? p.block(b - 1).nOut() : 0;
            double[] fitValues = last ? new double[Math.multiplyExact(width, n)] : null;
            double[] heldValues = last ? new double[Math.multiplyExact(width, h)] : null;
            Piece failed = eachTile(p, n, h, b, pieces, (t, z, y) -> {
                if (last) {
                    BoundaryPass.Tile tile = tiles.get(t);
                    putRows(z, tile, fitValues, width, n);
                    putRows(y, tile, heldValues, width, h);
                }
                pass.add(z, y, sink);
            });
            if (failed != null) {
                return Outcome.failed(b, failed.status(), failed.message(), failed.executor());
            }
            BoundaryPass.Statistics s = pass.finish().orElse(null);
            boolean refold = s == null;
            if (refold) {
                // CholeskyQR refused: the cross products now, the Householder fold by a second task
                // (refold) that reads this boundary's tiles from the shuffle again
                s = pass.withFactor(Matrix.zeros(0, n));
                kernels.clear();
            }
            return new Outcome(b, TrialTask.Status.OK, s.r().rows(), s.r().toColumnMajor(), s.cross().toColumnMajor(),
                    s.heldNormSq(), s.kernelColumn(), kernels, fitValues, heldValues, null, executor, s.method(),
                    refold);
        } catch (InputException e) {
            return Outcome.failed(b, TrialTask.Status.USER_ERROR, e.getMessage(), executor);
        } catch (OutOfMemoryError e) {
            return Outcome.failed(b, TrialTask.Status.OUT_OF_MEMORY, String.valueOf(e.getMessage()), executor);
        }
    }

    /**
     * The Householder fold (today's TSQR, {@link BoundaryPass#factorsOnly}) of the boundaries whose CholeskyQR
     * was refused, one task per boundary reading its tiles from the first stage's shuffle again (as
     * {@link SparkPass} does), so that they get the bits of the single-machine fallback.
     *
     * @param submitted the first stage (its shuffle)
     * @param boundaries the boundaries to fold, increasing
     * @return one outcome per boundary (its R and kernel factors), in the same order
     */
    static org.apache.spark.api.java.JavaFutureAction<List<Outcome>> refold(Submitted submitted, List<Integer> boundaries,
                                                                           int n, int h) {
        JobSpec spec = submitted.spec();
        List<Integer> kept = List.copyOf(boundaries);
        org.apache.spark.rdd.PartitionPruningRDD<Tuple2<TileKey, Piece>> pruned =
                org.apache.spark.rdd.PartitionPruningRDD.create(submitted.sorted().rdd(), new SparkPass.Kept(
                        java.util.Set.copyOf(kept)));
        return pruned.toJavaRDD().mapPartitionsWithIndex((i, pieces) -> List.of(fold(spec, n, h, kept.get(i),
                pieces)).iterator(), true).collectAsync();
    }

    /** On an executor: one boundary's tiles, in order, into the Householder fold of its R factors alone. */
    static Outcome fold(JobSpec spec, int n, int h, int b, Iterator<Tuple2<TileKey, Piece>> pieces) {
        String executor = TrialTask.executor();
        try {
            BlockPartition p = ExecutorModels.get(spec).blocks().partition();
            BoundaryPass pass = BoundaryPass.factorsOnly(p, b, n, h);
            List<double[]> kernels = new ArrayList<>();
            double[] none = new double[0];
            Piece failed = eachTile(p, n, h, b, pieces, (t, z, y) -> pass.add(z, none, (c, square) -> kernels.add(square)));
            if (failed != null) {
                return Outcome.failed(b, failed.status(), failed.message(), failed.executor());
            }
            BoundaryPass.Statistics s = pass.finish().orElseThrow();
            return new Outcome(b, TrialTask.Status.OK, s.r().rows(), s.r().toColumnMajor(), null, null, null, kernels,
                    null, null, null, executor, s.method(), false);
        } catch (InputException e) {
            return Outcome.failed(b, TrialTask.Status.USER_ERROR, e.getMessage(), executor);
        } catch (OutOfMemoryError e) {
            return Outcome.failed(b, TrialTask.Status.OUT_OF_MEMORY, String.valueOf(e.getMessage()), executor);
        }
    }

    /** Copies a tile's rows (rows × cols) into a width × cols matrix. */
    private static void putRows(double[] tile, BoundaryPass.Tile t, double[] into, int width, int cols) {
        int rows = t.height();
        for (int j = 0; j < cols; j++) {
            System.arraycopy(tile, j * rows, into, j * width + t.from(), rows);
        }
    }

    private static void requireComplete(int b, int tile, long filled, long expected) {
        if (filled != expected) {
            throw new IllegalStateException("boundary " + b + ", tile " + tile + ": expected " + expected
                    + " values from the samples' pass, found " + filled);
        }
    }

    /**
     * @param outcomes one per boundary, any order
     * @param boundaries m+1
     * @param failure makes the one-line error of an outcome that failed
     * @return the outcomes in boundary order, every one checked
     * @throws InputException from {@code failure} for the first outcome that failed
     */
    static Outcome[] order(List<Outcome> outcomes, int boundaries,
                           java.util.function.Function<Outcome, InputException> failure) {
        Outcome[] byBoundary = new Outcome[boundaries];
        for (Outcome o : outcomes) {
            if (o.status() != TrialTask.Status.OK) {
                throw failure.apply(o);
            }
            byBoundary[o.boundary()] = o;
        }
        for (int b = 0; b < boundaries; b++) {
            if (byBoundary[b] == null) {
                throw new IllegalStateException("the cluster returned no statistics for boundary " + b);
            }
        }
        return byBoundary;
    }

    /** The checked outcomes, in boundary order, as the core's statistics. */
    static List<FactorRunner.Boundary> assembleOrdered(Outcome[] byBoundary, int n, int h) {
        List<FactorRunner.Boundary> out = new ArrayList<>();
        for (Outcome o : byBoundary) {
            if (o.refold()) {
                throw new IllegalStateException("boundary " + o.boundary() + " has no R factor: its fold did not run");
            }
            out.add(new FactorRunner.Boundary(new BoundaryPass.Statistics(Matrix.wrap(o.rRows(), n, o.r()),
                    Matrix.wrap(n, h, o.cross()), o.heldNormSq(), o.kernelColumn(), o.method()), o.kernelFactors()));
        }
        return out;
    }
}
