package io.koopcredit.spark;

import io.koopcredit.base.InputException;
import io.koopcredit.credit.BoundaryPass;
import io.koopcredit.credit.BoundaryReads;
import io.koopcredit.credit.FactorRunner;
import io.koopcredit.model.BlockPartition;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.PartitionPruningRDD;
import scala.Tuple2;

/**
 * The Gram form's first stage once finished on the cluster ({@link FactorRunner.Pass}), and its second: the
 * reads of the fitted blocks' output activations (the credits of kernels with at most N rows, the direct
 * errors of well-fitted held-out samples; {@link BoundaryReads}) run on the executors too, so that the
 * driver never runs the network.
 *
 * <p>The second stage does not run the network again: it reads the first stage's shuffle (the pieces of
 * every boundary's tiles, kept by Spark on the executors' disks while the shuffled RDD is referenced), only
 * for the boundaries that have reads, one task per boundary. Spark skips the first stage's map tasks
 * because their output exists; if an executor was lost since, Spark re-runs the pass on the chunks whose
 * output it held (the same chunks: the same bits). Each block's request (its N × r matrix A and the
 * c-columns of the samples read directly) is a broadcast of its own, fetched only by its boundary's task.
 * A boundary's task assembles its tiles in order, as in the first stage, and feeds them to a
 * {@link BoundaryReads.Reader}: the core's code, which re-cuts them into the single-machine path's units.
 */
final class SparkPass implements FactorRunner.Pass {
    /** Waits for a job, cancelling it if no executor starts; names the work in messages. */
    interface Await {
        <T> List<T> await(JavaFutureAction<List<T>> job, String what);
    }

    /**
     * What a boundary's second-stage task sends back.
     *
     * @param boundary the boundary
     * @param status OK or why not
     * @param answer the answer, when OK
     * @param message the error, else null
     * @param executor where it ran
     */
    record ReadOutcome(int boundary, TrialTask.Status status, BoundaryReads.Answer answer, String message,
                       String executor) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final JavaSparkContext spark;
    private final JobSpec spec;
    private final List<FactorRunner.Boundary> boundaries;
    private final double[] fitOutputs;
    private final double[] heldOutputs;
    private final int n;
    private final int h;
    private final Await await;
    private final Function<ReadOutcome, InputException> failure;
    private JavaPairRDD<SparkFactors.TileKey, SparkFactors.Piece> sorted;

    /**
     * @param spark the context
     * @param submitted the first stage (its shuffle is read again)
     * @param outcomes its outcomes in boundary order, checked
     * @param n N
     * @param h H
     * @param await waits for a job
     * @param failure makes the one-line error of a second-stage task that failed
     */
    SparkPass(JavaSparkContext spark, SparkFactors.Submitted submitted, SparkFactors.Outcome[] outcomes, int n, int h,
              Await await, Function<ReadOutcome, InputException> failure) {
        this.spark = spark;
        this.spec = submitted.spec();
        this.sorted = submitted.sorted();
        this.boundaries = SparkFactors.assembleOrdered(outcomes, n, h);
        SparkFactors.Outcome last = outcomes[outcomes.length - 1];
        if (last.fitValues() == null || last.heldValues() == null) {
            throw new IllegalStateException("the last boundary's task returned no outputs");
        }
        this.fitOutputs = last.fitValues();
        this.heldOutputs = last.heldValues();
        this.n = n;
        this.h = h;
        this.await = await;
        this.failure = failure;
    }

    @Override
    public List<FactorRunner.Boundary> boundaries() {
        return boundaries;
    }

    @Override
    public double[] fitOutputs() {
        return fitOutputs;
    }

    @Override
    public double[] heldOutputs() {
        return heldOutputs;
    }

    @Override
    public List<BoundaryReads.Answer> read(List<BoundaryReads.Request> requests) {
        if (sorted == null) {
            throw new IllegalStateException("the first stage's pass was closed");
        }
        List<Integer> needed = new ArrayList<>();
        List<Broadcast<BoundaryReads.Request>> sent = new ArrayList<>();
        for (BoundaryReads.Request q : requests) {
            if (!needed.isEmpty() && q.boundary() <= needed.get(needed.size() - 1)) {
                throw new IllegalArgumentException("reads must come one per boundary, in boundary order; found boundary "
                        + q.boundary() + " after " + needed.get(needed.size() - 1));
            }
            needed.add(q.boundary());
            sent.add(spark.broadcast(q));
        }
        JobSpec job = spec;
        int fit = n;
        int held = h;
        List<ReadOutcome> outcomes;
        try {
            PartitionPruningRDD<Tuple2<SparkFactors.TileKey, SparkFactors.Piece>> pruned = PartitionPruningRDD.create(
                    sorted.rdd(), new Kept(Set.copyOf(needed)));
            outcomes = await.await(pruned.toJavaRDD().mapPartitionsWithIndex((i, pieces) -> List.of(read(job, fit, held,
                    sent.get(i).value(), pieces)).iterator(), true).collectAsync(), "the kernel credits and direct errors");
        } finally {
            sent.forEach(Broadcast::destroy);
        }
        List<BoundaryReads.Answer> answers = new ArrayList<>();
        for (int k = 0; k < requests.size(); k++) {
            ReadOutcome o = outcomes.get(k);
            if (o.status() != TrialTask.Status.OK) {
                throw failure.apply(o);
            }
            if (o.boundary() != needed.get(k)) {
                throw new IllegalStateException("the cluster answered boundary " + o.boundary() + " in place of "
                        + needed.get(k));
            }
            answers.add(o.answer());
        }
        return answers;
    }

    /** On an executor: one boundary's tiles, in order, into a reader of its request. */
    static ReadOutcome read(JobSpec spec, int n, int h, BoundaryReads.Request q,
                            Iterator<Tuple2<SparkFactors.TileKey, SparkFactors.Piece>> pieces) {
        String executor = TrialTask.executor();
        int b = q.boundary();
        try {
            BlockPartition p = ExecutorModels.get(spec).blocks().partition();
            List<BoundaryPass.Tile> tiles = BoundaryPass.tiles(p, b, n);
            BoundaryReads.Reader reader = new BoundaryReads.Reader(q);
            SparkFactors.Piece failed = SparkFactors.eachTile(p, n, h, b, pieces, (t, z, y) -> {
                BoundaryPass.Tile tile = tiles.get(t);
                reader.add(tile.from(), tile.to(), z, BoundaryReads.chosenColumns(y, tile.height(), q.samples()));
            });
            if (failed != null) {
                return new ReadOutcome(b, failed.status(), null, failed.message(), failed.executor());
            }
            return new ReadOutcome(b, TrialTask.Status.OK, reader.finish(), null, executor);
        } catch (InputException e) {
            return new ReadOutcome(b, TrialTask.Status.USER_ERROR, null, e.getMessage(), executor);
        } catch (OutOfMemoryError e) {
            return new ReadOutcome(b, TrialTask.Status.OUT_OF_MEMORY, null, String.valueOf(e.getMessage()), executor);
        }
    }

    /**
     * The heap of boundary b's second-stage task on an executor, at most (every held-out sample read directly,
     * A of r = min(N, nIn + 1) columns for the block's nIn inputs): the tile being assembled (rows × (N + H))
     * and its chosen held-out columns, a tile of the direct errors (t × (N + H)), its prediction and their
     * copies in the product's native buffers; its largest kernel of at most N rows (k rows) times A with
     * their native copies and the spectral decomposition of the k × r product (2·k·N + 2·k·r + 4·r²); and the
     * broadcast request, A and the c-columns, held twice (Spark's deserialized copy and its blocks).
     *
     * @return bytes, heap and native together (0 for boundary 0, which is never read)
     */
    static long readBytes(BlockPartition p, int b, int n, int h) {
        if (b == 0) {
            return 0;
        }
        long rows = SparkFactors.largestTile(p, b, n);
        long step = Math.min(p.block(b - 1).nOut(), BoundaryReads.directTileRows(n));
        long r = Math.min(n, p.block(b - 1).nIn() + 1L);
        long k = BoundaryReads.largestShortKernel(p, b, n);
        long kernel = k == 0 ? 0 : 2 * k * n + 2 * k * r + 4 * r * r;
        return Double.BYTES * (rows * (n + 2L * h) + 2 * step * (n + 2L * h) + kernel + 2 * ((long) n * r
                + (long) n * h));
    }

    /** Drops the reference to the first stage's shuffle (Spark's cleaner then removes its files). */
    @Override
    public void close() {
        sorted = null;
    }

    /** Keeps the partitions (boundaries) that have reads. */
    static final class Kept extends scala.runtime.AbstractFunction1<Object, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Set<Integer> boundaries;

        Kept(Set<Integer> boundaries) {
            this.boundaries = boundaries;
        }

        @Override
        public Object apply(Object partition) {
            return boundaries.contains((Integer) partition);
        }
    }
}
