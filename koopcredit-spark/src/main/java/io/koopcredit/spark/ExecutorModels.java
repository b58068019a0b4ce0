package io.koopcredit.spark;

import io.koopcredit.base.InputException;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.CreditAnalysis;
import io.koopcredit.koopman.EstimatorKind;
import io.koopcredit.koopman.EvaluationPrecision;
import io.koopcredit.model.BlockActivations;
import io.koopcredit.model.Network;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.model.onnx.LoadOptions;
import io.koopcredit.model.onnx.OnnxNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models an executor JVM has loaded: each (model, options) is loaded with ONNX Runtime and compiled
 * into its blocks once per JVM, shared by every task that runs there (the block functions are thread-safe),
 * and closed when the JVM shuts down (or, for a local master whose executor is the driver's JVM, when the
 * connection closes). Beside them, the real activations of the latest job's fitting samples.
 */
final class ExecutorModels {
    /** One loaded model. */
    record Loaded(Network network, PartitionedNetwork blocks) {
    }

    /** What decides the loaded blocks: the file, the partition and the evaluation precision. */
    private record Key(String model, String sha256, boolean keepSoftmax, String blocks, List<String> blockNames,
                       EstimatorKind kind, EvaluationPrecision precision) {
    }

    private static final Map<Key, Loaded> LOADED = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "koopcredit-models-close"));
    }

    private ExecutorModels() {
    }

    /**
     * @param job the model and options (only the file, the partition and the precision matter here)
     * @return the model's blocks compiled for the job, loaded on first use
     * @throws InputException if the model file is missing or unreadable here, is not the driver's, or cuts
     *     into other blocks than the driver's
     */
    static Loaded get(JobSpec job) {
        return LOADED.computeIfAbsent(key(job), k -> load(job));
    }

    private static Key key(JobSpec job) {
        EstimatorSpec e = job.estimator();
        return new Key(job.model(), job.sha256(), job.keepSoftmax(), job.blocks(), job.blockNames(), e.kind(),
                e.precision());
    }

    /** The real activations of the latest job's fitting samples on this JVM, or null. */
    private static Activations latest;

    /** Activations of one job's samples. */
    private record Activations(Key model, String samples, BlockActivations values) {
    }

    /**
     * The network's own pass over the job's fitting samples, on this JVM: run by the first task of the job
     * that needs it, shared by the others (one job's activations are kept at a time).
     *
     * @param job the model and options
     * @param samples the fitting samples; not modified
     * @return every block's real inputs and outputs (shared: do not modify)
     * @throws InputException if the model cannot be loaded or the network computes a non-finite value
     */
    static BlockActivations activations(JobSpec job, TrialTask.Samples samples) {
        Key key = key(job);
        synchronized (ExecutorModels.class) {
            Activations a = latest;
            if (a != null && a.model().equals(key) && a.samples().equals(samples.id())) {
                return a.values();
            }
            latest = null;
            BlockActivations values = get(job).blocks().activations(samples.values(), samples.count());
            latest = new Activations(key, samples.id(), values);
            return values;
        }
    }

    /** Closes every loaded model (idempotent). */
    static synchronized void closeAll() {
        latest = null;
        List<Loaded> all = new ArrayList<>(LOADED.values());
        LOADED.clear();
        for (Loaded l : all) {
            l.blocks().close();
            l.network().close();
        }
    }

    private static Loaded load(JobSpec job) {
        Path file = Path.of(job.model());
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InputException("model file " + file + ": expected a readable file on every executor (a shared"
                    + " path), found " + (Files.exists(file) ? "a file this executor cannot read" : "no such file"));
        }
        Network network = OnnxNetwork.load(file, LoadOptions.defaults().withKeepSoftmax(job.keepSoftmax()));
        try {
            if (!network.info().sha256().equals(job.sha256())) {
                throw new InputException("model file " + file + ": expected the driver's model (SHA-256 "
                        + job.sha256() + "), found a different file (SHA-256 " + network.info().sha256() + ")");
            }
            AnalysisOptions options = AnalysisOptions.of(job.estimator().estimator()).withBlocks(job.blocks())
                    .withKeepSoftmax(job.keepSoftmax());
            PartitionedNetwork blocks = CreditAnalysis.compile(network, network.partition(job.blocks()), options);
            List<String> names = blocks.partition().blocks().stream().map(b -> b.name()).toList();
            if (!names.equals(job.blockNames())) {
                blocks.close();
                throw new InputException("model file " + file + ": expected the driver's blocks " + job.blockNames()
                        + ", found " + names + " on this executor (is the same koopcredit version installed on the"
                        + " driver and the executors?)");
            }
            return new Loaded(network, blocks);
        } catch (RuntimeException | Error e) {
            network.close();
            throw e;
        }
    }
}
