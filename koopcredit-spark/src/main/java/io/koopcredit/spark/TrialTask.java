package io.koopcredit.spark;

import io.koopcredit.base.InputException;
import io.koopcredit.base.Seeds;
import io.koopcredit.koopman.FitData;
import io.koopcredit.koopman.KoopmanEstimator;
import io.koopcredit.koopman.TrialFit;
import io.koopcredit.model.BlockActivations;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.spark.SparkEnv;

/**
 * One (block, trial) pair, the unit of work on the executors, and what it runs: the block and the real
 * activations of the fitting samples from the JVM's {@link ExecutorModels} (the network's pass over the
 * samples, run once per executor JVM and job), the estimator of the job, the generator seeded by
 * (seed, block, trial) alone, as on the driver's threads.
 *
 * @param block block index
 * @param trial trial index
 */
record TrialTask(int block, int trial) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How a task ended. */
    enum Status { OK, USER_ERROR, OUT_OF_MEMORY, FAILED }

    /**
     * What a task sends back.
     *
     * @param block block index
     * @param trial trial index
     * @param status how it ended
     * @param fit the encoded {@link TrialFit} ({@link TrialFitCodec}) when it ended well, else null
     * @param message what went wrong (null when it ended well)
     * @param executor which executor ran it, on which host
     */
    record Outcome(int block, int trial, Status status, byte[] fit, String message, String executor)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * The fitting samples, as broadcast to the executors.
     *
     * @param id names this job's samples (the executors keep the activations of the latest ones)
     * @param values preprocessed samples, sample after sample (shared: do not modify)
     * @param count number of samples
     */
    record Samples(String id, float[] values, int count) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Runs this task.
     *
     * @param job the model and options
     * @param samples the fitting samples; not modified
     * @return the outcome; errors are outcomes, not exceptions (a user error is not worth a retry)
     */
    Outcome run(JobSpec job, Samples samples) {
        String executor = executor();
        try {
            ExecutorModels.Loaded loaded = ExecutorModels.get(job);
            BlockActivations a = ExecutorModels.activations(job, samples);
            KoopmanEstimator estimator = KoopmanEstimator.of(job.estimator().estimator());
            TrialFit fit = estimator.fit(loaded.blocks().block(block), new FitData(a.input(block), a.output(block),
                    a.count()), trial, Seeds.generator(job.seed(), block, trial));
            return new Outcome(block, trial, Status.OK, TrialFitCodec.encode(fit), null, executor);
        } catch (InputException e) {
            return new Outcome(block, trial, Status.USER_ERROR, null, e.getMessage(), executor);
        } catch (OutOfMemoryError e) {
            return new Outcome(block, trial, Status.OUT_OF_MEMORY, null, String.valueOf(e.getMessage()), executor);
        } catch (RuntimeException e) {
            // As on the driver's threads: the block is reported as failed, the analysis goes on.
            return new Outcome(block, trial, Status.FAILED, null, "estimation failed: " + e, executor);
        }
    }

    /** @return "executor ID on HOST" */
    static String executor() {
        SparkEnv env = SparkEnv.get();
        String id = env == null ? "?" : env.executorId();
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "an unknown host";
        }
        return "executor " + id + " on " + host;
    }
}
