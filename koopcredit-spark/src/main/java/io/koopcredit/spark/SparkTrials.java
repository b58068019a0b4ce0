package io.koopcredit.spark;

import io.koopcredit.base.InputException;
import io.koopcredit.cli.ClusterBackend;
import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.FactorRunner;
import io.koopcredit.credit.TrialRunner;
import io.koopcredit.data.Preprocessing;
import io.koopcredit.koopman.TrialFit;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.ModelInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.Success$;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * The estimator's (block, trial) pairs as Spark tasks, one pair per task. The driver broadcasts the
 * fitting samples; every executor loads the model once and runs the network over them once
 * ({@link ExecutorModels}: the same blocks, the same pass, so the same activations as the driver's) and
 * fits its pairs; the fits come back as bytes and are put in block and trial
 * order, so {@link io.koopcredit.credit.CreditAnalysis} assembles the same result as from its own threads.
 *
 * <p>A task that meets a user error (the model file missing on an executor, say) returns it instead of
 * failing, and the driver raises it as one line naming the executor; tasks lost with an executor are
 * re-run by Spark's own retries, and a retried task computes the same numbers.
 */
final class SparkTrials implements ClusterBackend.Connection, FactorRunner {
    /** The setting that bounds the wait for a first task to start (a Spark time, e.g. {@code 300s}). */
    static final String EXECUTOR_WAIT = "spark.koopcredit.executorWait";

    private final JavaSparkContext spark;
    private final String master;
    private final boolean local;

    /**
     * @param spark the context; closed with this connection
     * @param master the master as the user wrote it
     */
    SparkTrials(JavaSparkContext spark, String master) {
        this.spark = spark;
        this.master = master;
        this.local = master.startsWith("local");
    }

    /**
     * A local master's executors are this JVM, and Spark sizes its unified memory (execution and storage: the
     * shuffle's sort buffers, broadcasts) as (heap − 300 MiB) × {@code spark.memory.fraction} of this heap, as if
     * the heap were its own; the analysis fixes these bytes in its budget. (Without that, ResNet-20 with
     * N = 5000 under {@code --memory 14g} ran out of heap in the second stage's sorted shuffle read: the driver
     * held 7 GiB of factors and fits, and Spark took the default 60% of the heap for itself.) A cluster's
     * executors have heaps of their own: 0.
     */
    @Override
    public long heapInThisJvm() {
        if (!local) {
            return 0;
        }
        double fraction = spark.sc().conf().getDouble("spark.memory.fraction", 0.6);
        return (long) (Math.max(0, Runtime.getRuntime().maxMemory() - SPARK_RESERVED) * fraction);
    }

    @Override
    public List<BlockFits> fitAll(TrialRunner.Job job) {
        BlockPartition partition = job.blocks().partition();
        AnalysisOptions options = job.options();
        JobSpec spec = JobSpec.of(job.network().info(), partition, options);
        int m = partition.size();
        int trials = options.trials();
        // The samples travel, not their activations: each executor runs the network over them once.
        Broadcast<TrialTask.Samples> samples = spark.broadcast(new TrialTask.Samples(UUID.randomUUID().toString(),
                job.samples(), job.fit().count()));
        List<TrialTask> tasks = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            for (int t = 0; t < trials; t++) {
                tasks.add(new TrialTask(i, t));
            }
        }
        Progress progress = new Progress(job, tasks.size());
        spark.sc().addSparkListener(progress);
        List<TrialTask.Outcome> outcomes;
        try {
            outcomes = await(spark.parallelize(tasks, tasks.size())
                    .map(task -> task.run(spec, samples.value()))
                    .collectAsync(), progress.started, "the trials");
        } finally {
            spark.sc().removeSparkListener(progress);
            samples.destroy();
        }
        return assemble(outcomes, partition, trials);
    }

    /**
     * Waits for the job. Spark itself waits for ever for executors that a cluster cannot start (workers with
     * less memory than {@code spark.executor.memory}, no free cores): when no task has started after
     * {@link #EXECUTOR_WAIT} ({@code spark.koopcredit.executorWait}, default 300 s), the job is cancelled and
     * the user told what was asked of the cluster.
     */
    <T> List<T> await(JavaFutureAction<List<T>> job, AtomicInteger started, String what) {
        long waitMillis = spark.sc().conf().getTimeAsMs(EXECUTOR_WAIT, "300s");
        long start = System.nanoTime();
        while (true) {
            try {
                return job.get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                long waited = (System.nanoTime() - start) / 1_000_000;
                if (started.get() == 0 && waited > waitMillis) {
                    job.cancel(true);
                    int executors = Math.max(0, spark.sc().statusTracker().getExecutorInfos().length - 1);
                    throw new InputException("--spark " + master + ": no executor ran a task within "
                            + waitMillis / 1000 + " s: expected executors of spark.executor.memory="
                            + spark.sc().conf().get("spark.executor.memory", "1g") + " with "
                            + spark.sc().conf().get("spark.executor.cores", "the workers' free") + " cores, found "
                            + executors + " running (does a worker have that much memory and a free core? see "
                            + EXECUTOR_WAIT + ")");
                }
            } catch (ExecutionException e) {
                throw new InputException("--spark " + master + ": the cluster did not finish " + what + ": "
                        + firstLine(e.getCause() == null ? e : e.getCause()), e);
            } catch (InterruptedException e) {
                job.cancel(true);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the cluster computed " + what, e);
            }
        }
    }

    /**
     * The one-step estimator's per-boundary statistics on the executors ({@link SparkFactors}): the samples'
     * pass in {@value SparkFactors#SAMPLE_PARTITIONS} partitions (default: Spark's default parallelism), one
     * task per boundary after the shuffle; the second stage ({@link SparkPass#read}) reads that shuffle again.
     */
    @Override
    public FactorRunner.Pass factorAll(FactorRunner.Job job) {
        int m = job.blocks().partition().size();
        int partitions = spark.sc().conf().getInt(SparkFactors.SAMPLE_PARTITIONS, spark.defaultParallelism());
        if (partitions < 1) {
            throw new InputException("--spark-conf " + SparkFactors.SAMPLE_PARTITIONS + "=" + partitions
                    + ": expected at least 1 partition");
        }
        if (!local) {
            requireExecutorMemory(job);
        }
        job.progress().update("R factors", 0, m + 1);
        Finished first = watched(() -> SparkFactors.submit(spark, job, partitions), "the R factors");
        var p = job.blocks().partition();
        SparkFactors.Outcome[] outcomes = SparkFactors.order(first.result(), m + 1, o -> {
            String where = o.boundary() == 0 ? "the network input" : "the output of block "
                    + p.block(o.boundary() - 1).name();
            return o.status() == TrialTask.Status.OUT_OF_MEMORY
                    ? new InputException("--spark " + master + ": " + o.executor() + " ran out of memory on boundary "
                    + o.boundary() + " (" + where + ", its R factor with N = " + job.fitCount() + "): expected more"
                    + " executor memory (--spark-conf spark.executor.memory=...; about "
                    + SparkFactors.describeNeed(p, o.boundary(), job.fitCount(), job.heldCount())
                    + "), found " + o.message())
                    : new InputException("--spark " + master + ": " + o.executor() + ": " + o.message());
        });
        List<Integer> refused = new ArrayList<>();
        for (SparkFactors.Outcome o : outcomes) {
            if (o.refold()) {
                refused.add(o.boundary());
            }
        }
        if (!refused.isEmpty()) {
            // (the boundaries whose CholeskyQR the criterion refused: today's fold, from the shuffle again)
            Started started = new Started();
            spark.sc().addSparkListener(started);
            List<SparkFactors.Outcome> folds;
            try {
                folds = await(SparkFactors.refold(first.submitted(), refused, job.fitCount(), job.heldCount()),
                        started.count, "the R factors of boundaries " + refused + " by TSQR");
            } finally {
                spark.sc().removeSparkListener(started);
            }
            for (SparkFactors.Outcome o : folds) {
                if (o.status() != TrialTask.Status.OK) {
                    throw new InputException("--spark " + master + ": " + o.executor()
                            + (o.status() == TrialTask.Status.OUT_OF_MEMORY ? " ran out of memory folding boundary "
                            + o.boundary() + "'s R factor: expected more executor memory (--spark-conf"
                            + " spark.executor.memory=...; about " + SparkFactors.describeNeed(p, o.boundary(),
                            job.fitCount(), job.heldCount()) + "), found " : ": ") + o.message());
                }
                outcomes[o.boundary()] = outcomes[o.boundary()].withFactors(o);
            }
        }
        return new SparkPass(spark, first.submitted(), outcomes, job.fitCount(), job.heldCount(),
                new SparkPass.Await() {
                    @Override
                    public <T> List<T> await(JavaFutureAction<List<T>> action, String what) {
                        Started started = new Started();
                        spark.sc().addSparkListener(started);
                        try {
                            return SparkTrials.this.await(action, started.count, what);
                        } finally {
                            spark.sc().removeSparkListener(started);
                        }
                    }
                }, o -> o.status() == TrialTask.Status.OUT_OF_MEMORY
                ? new InputException("--spark " + master + ": " + o.executor() + " ran out of memory reading boundary "
                + o.boundary() + " (the output of block " + p.block(o.boundary() - 1).name() + ") for its kernel"
                + " credits and direct errors: expected more executor memory (--spark-conf spark.executor.memory=...;"
                + " about " + io.koopcredit.store.MemorySize.format(SparkPass.readBytes(p, o.boundary(),
                job.fitCount(), job.heldCount())) + "), found " + o.message())
                : new InputException("--spark " + master + ": " + o.executor() + ": " + o.message()));
    }

    /** The first stage's job and its outcomes. */
    private record Finished(SparkFactors.Submitted submitted, List<SparkFactors.Outcome> result) {
    }

    /** Submits the first stage and waits for it, with the executor wait. */
    private Finished watched(java.util.function.Supplier<SparkFactors.Submitted> submit, String what) {
        Started started = new Started();
        spark.sc().addSparkListener(started);
        try {
            SparkFactors.Submitted s = submit.get();
            return new Finished(s, await(s.outcomes(), started.count, what));
        } finally {
            spark.sc().removeSparkListener(started);
        }
    }

    /** Spark keeps this much of an executor's heap for itself (its "reserved memory"). */
    static final long SPARK_RESERVED = 300L << 20;

    /**
     * Before the job: the largest boundary task and a chunk's pass must fit an executor's heap
     * ({@code spark.executor.memory} less Spark's reserved 300 MiB), else one line names the boundary, the
     * need and the setting. (A local master's executors are the driver's JVM, whose memory plan counts the
     * same boundary tasks.)
     */
    private void requireExecutorMemory(FactorRunner.Job job) {
        var p = job.blocks().partition();
        long heap = spark.sc().conf().getSizeAsBytes("spark.executor.memory", "1g");
        long usable = heap - SPARK_RESERVED;
        int worst = 0;
        long need = 0;
        boolean second = false;
        for (int b = 0; b <= p.size(); b++) {
            long bytes = SparkFactors.boundaryBytes(p, b, job.fitCount(), job.heldCount());
            long reads = SparkPass.readBytes(p, b, job.fitCount(), job.heldCount());
            if (Math.max(bytes, reads) > need) {
                need = Math.max(bytes, reads);
                worst = b;
                second = reads > bytes;
            }
        }
        long chunk = SparkFactors.chunkBytes(p, job.blocks().passBatch());
        if (need > usable || chunk > usable) {
            String what = need >= chunk ? "boundary " + worst + (second ? "'s kernel credits and direct errors"
                    : "'s R factor") + " with N = " + job.fitCount() + " and H = " + job.heldCount() + " needs "
                    + io.koopcredit.store.MemorySize.format(need)
                    : "the pass over a chunk of " + job.blocks().passBatch() + " samples needs "
                    + io.koopcredit.store.MemorySize.format(chunk);
            throw new InputException("--spark " + master + ": " + what + " on one executor: expected"
                    + " spark.executor.memory of at least " + io.koopcredit.store.MemorySize.format(
                    Math.max(need, chunk) + SPARK_RESERVED) + " (Spark keeps 300 MiB of it), found "
                    + spark.sc().conf().get("spark.executor.memory", "1g") + " (or fewer samples)");
        }
    }

    /** Counts started tasks (for the executor wait). */
    private static final class Started extends SparkListener {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public void onTaskStart(SparkListenerTaskStart start) {
            count.incrementAndGet();
        }
    }

    /** Puts the outcomes in block and trial order; raises user errors and exhausted memory. */
    private List<BlockFits> assemble(List<TrialTask.Outcome> outcomes, BlockPartition partition, int trials) {
        List<List<TrialFit>> fits = new ArrayList<>();
        String[] failures = new String[partition.size()];
        for (int i = 0; i < partition.size(); i++) {
            fits.add(new ArrayList<>());
        }
        for (TrialTask.Outcome o : outcomes) {
            String block = partition.block(o.block()).name();
            switch (o.status()) {
                case OK -> fits.get(o.block()).add(TrialFitCodec.decode(o.fit()));
                case USER_ERROR -> throw new InputException("--spark " + master + ": " + o.executor() + ": "
                        + o.message());
                case OUT_OF_MEMORY -> throw new InputException("--spark " + master + ": " + o.executor()
                        + " ran out of memory estimating block " + block + " (trial " + (o.trial() + 1) + " of "
                        + trials + "): expected more executor memory (--spark-conf spark.executor.memory=...),"
                        + " found " + o.message());
                case FAILED -> {
                    if (failures[o.block()] == null) {
                        failures[o.block()] = o.message();
                    }
                }
                default -> throw new IllegalStateException("unknown task status " + o.status());
            }
        }
        List<BlockFits> result = new ArrayList<>();
        for (int i = 0; i < partition.size(); i++) {
            result.add(new BlockFits(fits.get(i), failures[i]));
        }
        return result;
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** Parquet data ({@link ParquetData}); other formats are left to the command line's readers. */
    @Override
    public Optional<AnalysisData> load(Path data, Preprocessing preprocessing, ModelInfo model, int fit, int holdout) {
        return ParquetData.isParquet(data) ? Optional.of(ParquetData.load(spark, data, preprocessing, model, fit,
                holdout)) : Optional.empty();
    }

    @Override
    public void close() {
        spark.close();
        if (local) {
            // The executors of a local master are this JVM: their models go with the connection.
            ExecutorModels.closeAll();
        }
    }

    /** Reports finished tasks to the analysis's progress listener. */
    private static final class Progress extends SparkListener {
        private final TrialRunner.Job job;
        private final int total;
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicInteger started = new AtomicInteger();

        Progress(TrialRunner.Job job, int total) {
            this.job = job;
            this.total = total;
        }

        @Override
        public void onTaskStart(SparkListenerTaskStart start) {
            started.incrementAndGet();
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.reason() == Success$.MODULE$) {
                job.progress().update("trials", Math.min(done.incrementAndGet(), total), total);
            }
        }
    }
}
