package io.koopcredit.credit;

import io.koopcredit.koopman.TrialFit;
import io.koopcredit.model.BlockActivations;
import io.koopcredit.model.Network;
import io.koopcredit.model.PartitionedNetwork;
import java.util.List;
import java.util.Objects;

/**
 * Who fits the (block, trial) pairs of an analysis, the second step of {@link CreditAnalysis}: by default
 * this JVM's worker threads ({@link CreditAnalysis#run(Network, AnalysisData, AnalysisOptions,
 * ProgressListener)}); a cluster backend (the {@code koopcredit-spark} module) runs them on other machines.
 *
 * <p>A trial depends only on the block, its real inputs and outputs on the fitting samples, the estimator's
 * options and the generator {@code Seeds.generator(seed, block, trial)}; a runner returns the fits in block
 * and trial order, so the analysis assembled from them does not depend on who ran them.
 */
@FunctionalInterface
public interface TrialRunner {

    /**
     * Fits every trial of every block.
     *
     * @param job what to fit; not modified
     * @return one entry per block, in block order
     * @throws io.koopcredit.base.InputException if a trial meets a user error (as on this JVM), or the
     *     runner cannot run the job with what the user gave it (a cluster that does not answer, a model file
     *     its machines cannot read), naming the value
     */
    List<BlockFits> fitAll(Job job);

    /**
     * Bytes of this JVM's heap that the runner's own engine may take beside the analysis: a local cluster
     * master's executors run in this JVM and keep their shuffle buffers and broadcasts on its heap, sized by
     * the engine from the heap as if it were free. The analysis fixes these bytes in its memory budget before it
     * plans (so a run they do not leave room for is refused in one line instead of running out of heap).
     *
     * @return the bytes, 0 by default (a runner whose work runs elsewhere, or on the analysis's own plan)
     */
    default long heapInThisJvm() {
        return 0;
    }

    /**
     * One analysis's trials.
     *
     * @param network the network (its {@code info().path()} is the model file)
     * @param blocks the network's blocks compiled as the analysis runs them (shared: not closed by runners)
     * @param samples the fitting samples, preprocessed, sample after sample: what {@code fit} was computed
     *     from with {@code blocks.activations} (shared: do not modify)
     * @param fit the real inputs and outputs of every block on the fitting samples (shared: do not modify)
     * @param options the analysis options, resolved for this partition
     * @param progress hears about finished trials ({@code "trials"}, done, total)
     */
    record Job(Network network, PartitionedNetwork blocks, float[] samples, BlockActivations fit,
               AnalysisOptions options, ProgressListener progress) {
        /** Checks that nothing is missing. */
        public Job {
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(blocks, "blocks");
            Objects.requireNonNull(samples, "samples");
            Objects.requireNonNull(fit, "fit");
            Objects.requireNonNull(options, "options");
            Objects.requireNonNull(progress, "progress");
        }
    }

    /**
     * The finished trials of one block.
     *
     * @param fits the trials that finished, in trial order
     * @param failure why some trial failed (an estimation error that is not the user's), or null
     */
    record BlockFits(List<TrialFit> fits, String failure) {
        /** Copies the list. */
        public BlockFits {
            fits = List.copyOf(fits);
        }
    }
}
