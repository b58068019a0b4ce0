package io.koopcredit.spark;

import io.koopcredit.base.InputException;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.model.Network;
import io.koopcredit.model.BlockActivations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * The one-step estimator's activations and sums on the cluster: the samples are cut into contiguous
 * slices, one partition each; every executor runs the network over its slice with ONNX Runtime (the model
 * loaded once per JVM, {@link ExecutorModels}) and reduces each block's real inputs and outputs to their
 * {@link BlockSums} at once, so block activations never leave the executor. The partial sums are combined
 * by a tree in a fixed order: partition sums are grouped {@link #FAN_IN} at a time by partition index, and
 * each group is added up in index order ({@code ((s0 + s1) + s2) + ...}), level after level, the last level
 * on the driver. Spark's own {@code treeAggregate} and {@code reduce} add partial results in the order
 * tasks finish, which changes the rounding from run to run; this tree does not, so one partitioning gives
 * the same bits on every run and cluster, and different partitionings agree to rounding.
 *
 * <p>Memory per executor: for every block, nIn² + nOut·nIn doubles of sums beside one slice's activations.
 *
 * <p>Not yet used by {@code credit}: the core's one-step estimator fits from the activations themselves (its
 * Gram form, issue #10, can take these sums).
 */
public final class DistributedSums {
    /** Partial sums added up per group at each level of the tree. */
    static final int FAN_IN = 4;

    private DistributedSums() {
    }

    /**
     * Every block's sums over the samples.
     *
     * @param spark the context
     * @param network the driver's model (executors load the same file); not closed here
     * @param options the analysis options (blocks, softmax; the estimator's precision decides how blocks
     *     are compiled: the one-step estimator runs the network's own float32 pass)
     * @param samples {@code count * inputSize} preprocessed samples, sample after sample; not modified
     * @param count number of samples
     * @param partitions number of slices (at most count)
     * @return one entry per block, in block order
     * @throws InputException if an executor cannot load the model or the network computes a non-finite value
     */
    public static List<BlockSums> compute(JavaSparkContext spark, Network network, AnalysisOptions options,
                                          float[] samples, int count, int partitions) {
        JobSpec job = JobSpec.of(network.info(), network.partition(options.blocks()), options);
        if (partitions < 1 || partitions > count) {
            throw new IllegalArgumentException("partitions: expected 1.." + count + ", found " + partitions);
        }
        int size = samples.length / count;
        List<float[]> slices = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            long from = (long) count * p / partitions;
            long to = (long) count * (p + 1) / partitions;
            slices.add(Arrays.copyOfRange(samples, (int) from * size, (int) to * size));
        }
        JavaRDD<float[]> rdd = spark.parallelize(slices, partitions);
        JavaPairRDD<Integer, Partial> level = rdd.mapPartitionsWithIndex((index, it) -> {
            List<Partial> out = new ArrayList<>();
            while (it.hasNext()) {
                float[] slice = it.next();
                out.add(new Partial(index, sums(job, slice, slice.length / size)));
            }
            return out.iterator();
        }, true).mapToPair(p -> new Tuple2<>(p.index(), p));
        int n = partitions;
        while (n > FAN_IN) {
            int groups = (n + FAN_IN - 1) / FAN_IN;
            level = level.mapToPair(t -> new Tuple2<>(t._1() / FAN_IN, t._2()))
                    .groupByKey(groups)
                    .mapToPair(g -> new Tuple2<>(g._1(), new Partial(g._1(), inOrder(g._2().iterator()))));
            n = groups;
        }
        List<Partial> last;
        try {
            last = new ArrayList<>(level.values().collect());
        } catch (RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            throw new InputException("the cluster did not finish the block sums: "
                    + (m.indexOf('\n') < 0 ? m : m.substring(0, m.indexOf('\n'))), e);
        }
        return inOrder(last.iterator());
    }

    /** One node of the tree: the sums of a run of partitions, named by its index at its level. */
    record Partial(int index, List<BlockSums> sums) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** @return the partials added up in index order */
    static List<BlockSums> inOrder(Iterator<Partial> parts) {
        List<Partial> list = new ArrayList<>();
        parts.forEachRemaining(list::add);
        list.sort(Comparator.comparingInt(Partial::index));
        List<BlockSums> total = list.get(0).sums();
        for (int k = 1; k < list.size(); k++) {
            List<BlockSums> next = new ArrayList<>();
            for (int b = 0; b < total.size(); b++) {
                next.add(total.get(b).plus(list.get(k).sums().get(b)));
            }
            total = next;
        }
        return total;
    }

    /** On an executor: the network over one slice, reduced to every block's sums. */
    private static List<BlockSums> sums(JobSpec job, float[] slice, int count) {
        BlockActivations a = ExecutorModels.get(job).blocks().activations(slice, count);
        List<BlockSums> out = new ArrayList<>();
        for (int b = 0; b < a.blockCount(); b++) {
            out.add(BlockSums.of(a.input(b), a.output(b), count));
        }
        return out;
    }
}
