package io.koopcredit.spark;

import io.koopcredit.base.InputException;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.CreditAnalysis;
import io.koopcredit.koopman.EstimatorKind;
import io.koopcredit.koopman.EvaluationPrecision;
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
 * connection closes).
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
        EstimatorSpec e = job.estimator();
        Key key = new Key(job.model(), job.sha256(), job.keepSoftmax(), job.blocks(), job.blockNames(), e.kind(),
                e.precision());
        return LOADED.computeIfAbsent(key, k -> load(job));
    }

    /** Closes every loaded model (idempotent). */
    static synchronized void closeAll() {
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
