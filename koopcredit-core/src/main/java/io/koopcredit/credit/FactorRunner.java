package io.koopcredit.credit;

import io.koopcredit.model.Network;
import io.koopcredit.model.PartitionedNetwork;
import java.util.List;
import java.util.Objects;

/**
 * Who computes the per-boundary statistics of the one-step estimator's Gram form (the R factors, the cross
 * products with the held-out activations, the held-out norms and the kernels' own factors, a
 * {@link BoundaryPass} per boundary): by default this JVM's worker threads from its stored activations; a
 * cluster backend (the {@code koopcredit-spark} module) runs the network and the passes on its executors,
 * so that only these N × N and N × H results reach the driver.
 *
 * <p>A runner must read every boundary's tiles in {@link BoundaryPass#tiles} order, from the same
 * activations as this JVM's pass (the same chunks of {@link PartitionedNetwork#passBatch} samples through
 * the same blocks), so that the statistics, and the analysis assembled from them, are the same bits.
 */
@FunctionalInterface
public interface FactorRunner {

    /**
     * Computes every boundary's statistics.
     *
     * @param job what to compute; not modified
     * @return one entry per boundary (m+1 for m blocks), in boundary order
     * @throws io.koopcredit.base.InputException if the runner meets a user error (a model file its machines
     *     cannot read, executors without enough memory), naming the value
     */
    List<Boundary> factorAll(Job job);

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
