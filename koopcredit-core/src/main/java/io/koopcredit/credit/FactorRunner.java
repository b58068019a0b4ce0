package io.koopcredit.credit;

import io.koopcredit.model.Network;
import io.koopcredit.model.PartitionedNetwork;
import java.util.List;
import java.util.Objects;

/**
 * Who computes what the one-step estimator's Gram form reads of the activations: by default this JVM's
 * worker threads from its stored activations; a cluster backend (the {@code koopcredit-spark} module) runs
 * the network and every read of its activations on its executors, so that the driver never runs the pass
 * and only small results reach it. Two stages, both on the runner's side:
 * <ol>
 *   <li>{@link #factorAll}: the per-boundary statistics (the R factors, the cross products with the
 *       held-out activations, the held-out norms and the kernels' own factors, a {@link BoundaryPass} per
 *       boundary) and the network's outputs (the last boundary, for the product's fidelity and the
 *       examples);</li>
 *   <li>{@link Pass#read}: once the blocks are fitted from those, the reads that need the activations
 *       again (the credits of kernels with at most N rows, the direct errors of well-fitted held-out
 *       samples; {@link BoundaryReads}).</li>
 * </ol>
 *
 * <p>A runner must read every boundary's tiles in {@link BoundaryPass#tiles} order, from the same
 * activations as this JVM's pass (the same chunks of {@link PartitionedNetwork#passBatch} samples through
 * the same blocks), and feed the second stage's {@link BoundaryReads.Reader} the rows in increasing order,
 * so that the statistics, and the analysis assembled from them, are the same bits.
 */
@FunctionalInterface
public interface FactorRunner {

    /**
     * Computes every boundary's statistics (the first stage).
     *
     * @param job what to compute; not modified
     * @return the statistics, open for the second stage until closed
     * @throws io.koopcredit.base.InputException if the runner meets a user error (a model file its machines
     *     cannot read, executors without enough memory), naming the value
     */
    Pass factorAll(Job job);

    /**
     * One analysis's first stage, and the second on the same activations.
     */
    interface Pass extends AutoCloseable {
        /** @return one entry per boundary (m+1 for m blocks), in boundary order */
        List<Boundary> boundaries();

        /**
         * @return the network's outputs (the last boundary) on the fitting samples, width × N, column-major
         *     (shared: do not modify)
         */
        double[] fitOutputs();

        /** @return the same on the held-out samples, width × H */
        double[] heldOutputs();

        /**
         * The second stage: every request answered from its boundary's activations.
         *
         * @param requests at most one per boundary, in boundary order; not modified
         * @return the answers, in the requests' order
         * @throws io.koopcredit.base.InputException as {@link #factorAll}
         */
        List<BoundaryReads.Answer> read(List<BoundaryReads.Request> requests);

        /** Releases what the runner kept of the activations. */
        @Override
        void close();
    }

    /**
     * One analysis's boundaries.
     *
     * @param network the network (its {@code info().path()} is the model file)
     * @param blocks the network's blocks compiled as the analysis runs them (shared: not closed by runners)
     * @param fitSamples the N fitting samples, preprocessed, sample after sample (shared: do not modify)
     * @param fitCount N
     * @param heldSamples the H held-out samples, likewise (shared: do not modify)
     * @param heldCount H
     * @param options the analysis options, resolved for this partition
     * @param progress hears about finished boundaries ({@code "R factors"}, done, total)
     */
    record Job(Network network, PartitionedNetwork blocks, float[] fitSamples, int fitCount, float[] heldSamples,
               int heldCount, AnalysisOptions options, ProgressListener progress) {
        /** Checks that nothing is missing. */
        public Job {
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(blocks, "blocks");
            Objects.requireNonNull(fitSamples, "fitSamples");
            Objects.requireNonNull(heldSamples, "heldSamples");
            Objects.requireNonNull(options, "options");
            Objects.requireNonNull(progress, "progress");
        }
    }

    /**
     * One boundary's statistics.
     *
     * @param statistics the R factor, cross products, held-out norms and kernel columns
     * @param kernelFactors the kernels' own N × N factors, column-major, in the order of their columns
     */
    record Boundary(BoundaryPass.Statistics statistics, List<double[]> kernelFactors) {
        /** Copies the list. */
        public Boundary {
            Objects.requireNonNull(statistics, "statistics");
            kernelFactors = List.copyOf(kernelFactors);
        }
    }
}
