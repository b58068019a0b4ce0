package io.koopcredit.spark;

import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.ModelInfo;
import java.io.Serializable;
import java.util.List;

/**
 * What every executor needs to rebuild the driver's blocks: the model file (an absolute path that the
 * executors can read, on a shared file system), its SHA-256 (an executor that reads a different file is an
 * error, not a silent mismatch), and the options that decide the partition, the evaluation precision and
 * the estimator.
 *
 * @param model the model file, absolute
 * @param sha256 the driver's SHA-256 of it
 * @param keepSoftmax whether a trailing Softmax is a block
 * @param blocks the partition spec, or null for the default partition
 * @param blockNames the driver's block names, in order (the executors' partition must match)
 * @param estimator the estimator with its options
 * @param seed the seed of every random draw
 */
record JobSpec(String model, String sha256, boolean keepSoftmax, String blocks, List<String> blockNames,
               EstimatorSpec estimator, long seed) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Copies the list into a serializable one. */
    JobSpec {
        blockNames = List.copyOf(blockNames);
    }

    /**
     * @param info the driver's model
     * @param partition the driver's partition of it
     * @param options the analysis options
     * @return what the executors need to rebuild the driver's blocks
     */
    static JobSpec of(ModelInfo info, BlockPartition partition, AnalysisOptions options) {
        return new JobSpec(info.path().toAbsolutePath().normalize().toString(), info.sha256(), options.keepSoftmax(),
                options.blocks(), partition.blocks().stream().map(b -> b.name()).toList(),
                EstimatorSpec.of(options.estimator()), options.seed());
    }
}
