package io.koopcredit.report.json;

import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.BlockTimings;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.EmbeddingSummary;
import io.koopcredit.credit.Example;
import io.koopcredit.credit.FeatureWeights;
import io.koopcredit.credit.GlobalFidelity;
import io.koopcredit.credit.KernelCredit;
import io.koopcredit.credit.TemplateAgreement;
import io.koopcredit.credit.Timings;
import io.koopcredit.credit.TrialSpread;
import io.koopcredit.model.Layer;
import io.koopcredit.model.ModelInfo;
import io.koopcredit.report.Provenance;
import java.util.List;
import java.util.Locale;

/**
 * What {@code credit.json} holds (schema: {@code docs/schema/credit.schema.json}; README, "credit.json"):
 * one record per JSON object, its components in the order the fields appear, each with the one factory
 * that fills it from the result. A field is added by adding a component and its value in {@code of}.
 *
 * @param tool the tool's name
 * @param version version and commit
 * @param schema {@link #SCHEMA_VERSION}
 * @param model the model file
 * @param data where the samples came from
 * @param options every analysis option
 * @param blocks one entry per block
 * @param excluded trailing layers excluded from credit
 * @param global how well K = K_m⋯K_1 stands in for the network, or null
 * @param globalNote why global and the feature weights are null, else null
 * @param examples held-out samples of the per-sample view
 * @param featureWeights rows of K, or null
 * @param timings wall-clock seconds (differ between runs)
 */
public record CreditView(String tool, String version, int schema, ModelView model, String data, OptionsView options,
                         List<BlockView> blocks, List<ExcludedView> excluded, GlobalView global, String globalNote,
                         List<ExampleView> examples, FeatureWeightsView featureWeights, TimingsView timings) {

    /** Bumped whenever a field changes meaning or disappears. */
    public static final int SCHEMA_VERSION = 1;

    /**
     * @param r the analysis; not modified
     * @param p tool, version, preprocessing
     * @return the view
     */
    public static CreditView of(CreditResult r, Provenance p) {
        return of(r, p, "feature-weights.npy");
    }

    /**
     * @param r the analysis; not modified
     * @param p tool, version, preprocessing
     * @param npyFile the name of the file beside the JSON that holds every feature weight
     * @return the view
     */
    public static CreditView of(CreditResult r, Provenance p, String npyFile) {
        return new CreditView(p.tool(), p.version(), SCHEMA_VERSION, ModelView.of(r.model()), r.data(),
                OptionsView.of(r.options(), p.preprocessing()), r.blocks().stream().map(BlockView::of).toList(),
                r.partition().excluded().stream().map(ExcludedView::of).toList(), GlobalView.of(r.global()),
                r.globalNote(), r.examples().stream().map(ExampleView::of).toList(),
                FeatureWeightsView.of(r.featureWeights(), r.templates(), npyFile), TimingsView.of(r.timings()));
    }

    /**
     * @param path the model file as given
     * @param sha256 its hash
     * @param producer producer name and version
     * @param opset the ONNX opset
     * @param inputShape one input, without the batch axis
     * @param outputShape one output
     */
    public record ModelView(String path, String sha256, String producer, long opset, int[] inputShape,
                            int[] outputShape) {
        static ModelView of(ModelInfo m) {
            return new ModelView(m.path().toString(), m.sha256(), m.producer(), m.opset(), m.inputShape().dims(),
                    m.outputShape().dims());
        }
    }

    /**
     * One block (README, "credit.json", for the meaning of each field).
     *
     * @param name block name
     * @param kind S2L, L2S or E2E
     * @param nIn input width
     * @param nOut output width
     * @param inputShape input shape
     * @param outputShape output shape
     * @param layers layer names
     * @param ops ONNX operators
     * @param params trainable parameters
     * @param status ok, degenerate or failed
     * @param reason why not ok, or null
     * @param steps embedding steps per trajectory
     * @param trials trials averaged
     * @param logCredit log BC_i, or null
     * @param logCreditPerDim log credit / rank, or null
     * @param rank singular values in the credit
     * @param creditRank 1 = most credit, or null
     * @param logSensitivity Theorem 5, or null
     * @param sensitivityNote why the sensitivity is undefined or zero, or null
     * @param operatorRank non-zero singular values of the mean K_i
     * @param snapshotRank median snapshot rank over trials
     * @param snapshotRankMin its minimum
     * @param snapshotRankMax its maximum
     * @param snapshotCondition median σ_1/σ_r, or null
     * @param nominalPairs snapshot pairs per trial counting repeats
     * @param distinctPairs distinct pairs
     * @param fidelity median relative held-out error, or null
     * @param fidelityP90 its 90th percentile, or null
     * @param fidelitySamples held-out samples measured
     * @param alignmentResidual ‖BA − I‖_F of trial 0, or null
     * @param precision the format the block's snapshots were computed in
     * @param precisionNote why the block ran in a lower precision than asked for, or null
     * @param creditTolerance the credit tolerance resolved for the data
     * @param noiseFloor the snapshots' noise floor relative to their largest singular value, or null
     * @param keptBelowNoise singular values kept at or below that floor (most over trials)
     * @param embedding what the trajectories did, or null
     * @param trialLogCredit credits of the single trials' operators, or null
     * @param kernels kernel credits of a convolution block
     */
    public record BlockView(String name, String kind, int nIn, int nOut, int[] inputShape, int[] outputShape,
                            List<String> layers, List<String> ops, long params, String status, String reason,
                            int steps, int trials, Double logCredit, Double logCreditPerDim, int rank,
                            Integer creditRank, Double logSensitivity, String sensitivityNote, int operatorRank,
                            int snapshotRank, int snapshotRankMin, int snapshotRankMax, Double snapshotCondition,
                            long nominalPairs, int distinctPairs, Double fidelity, Double fidelityP90,
                            int fidelitySamples, Double alignmentResidual, String precision, String precisionNote,
                            String creditTolerance, Double noiseFloor, int keptBelowNoise, EmbeddingView embedding,
                            TrialCreditView trialLogCredit, List<KernelView> kernels) {
        static BlockView of(BlockResult b) {
            return new BlockView(b.name(), b.block().kind().name(), b.block().nIn(), b.block().nOut(),
                    b.block().inputShape().dims(), b.block().outputShape().dims(),
                    b.block().layers().stream().map(Layer::name).toList(), b.block().ops(), b.block().params(),
                    b.status().name().toLowerCase(Locale.ROOT), b.reason(), b.steps(), b.trials(),
                    b.credit() == null ? null : b.credit().logCredit(),
                    b.credit() == null ? null : b.credit().logCreditPerDim(), b.credit() == null ? 0 : b.credit().rank(),
                    b.creditRank(), b.sensitivity().logSensitivity(), b.sensitivity().note(), b.operatorRank(),
                    b.snapshotRank(), b.snapshotRankMin(), b.snapshotRankMax(), b.snapshotCondition(),
                    b.nominalPairs(), b.distinctPairs(), b.fidelity() == null ? null : b.fidelity().median(),
                    b.fidelity() == null ? null : b.fidelity().p90(), b.fidelity() == null ? 0 : b.fidelity().samples(),
                    b.alignmentResidual(), b.numerics().precision().spec(), b.numerics().note(),
                    b.numerics().creditTolerance().spec(), b.numerics().noiseFloor(), b.numerics().keptBelowNoise(),
                    EmbeddingView.of(b.embedding()), TrialCreditView.of(b.trialCredit()),
                    b.kernels().stream().map(KernelView::of).toList());
        }
    }

    /**
     * @param trajectories over all trials
     * @param stopped cut because they left the finite range
     * @param firstStopStep earliest cut step, or -1
     * @param cycled reached a fixed point or cycle
     * @param medianCycleStep median repeat step, or -1
     * @param maxPeriod longest cycle (1: fixed point), 0 if none
     * @param converged converged within the noise floor without repeating exactly
     * @param medianConvergedStep median convergence step, or -1
     * @param computedSteps block evaluations run
     * @param normFirst mean ‖y(0)‖
     * @param normLast mean ‖y(last)‖
     */
    public record EmbeddingView(int trajectories, int stopped, int firstStopStep, int cycled, int medianCycleStep,
                                int maxPeriod, int converged, int medianConvergedStep, long computedSteps,
                                double normFirst, double normLast) {
        static EmbeddingView of(EmbeddingSummary e) {
            return e == null ? null : new EmbeddingView(e.trajectories(), e.stopped(), e.firstStopStep(), e.cycled(),
                    e.medianCycleStep(), e.maxPeriod(), e.converged(), e.medianConvergedStep(), e.computedSteps(),
                    e.meanNormFirst(), e.meanNormLast());
        }
    }

    /**
     * @param trials trials with a credit
     * @param mean mean log credit
     * @param std its standard deviation
     * @param min smallest
     * @param max largest
     * @param meanRank mean rank
     */
    public record TrialCreditView(int trials, double mean, double std, double min, double max, double meanRank) {
        static TrialCreditView of(TrialSpread t) {
            return t == null ? null : new TrialCreditView(t.trials(), t.mean(), t.std(), t.min(), t.max(), t.meanRank());
        }
    }

    /**
     * @param channel output channel
     * @param logCredit its log pseudo-determinant, or null
     * @param rank singular values in it
     */
    public record KernelView(int channel, Double logCredit, int rank) {
        static KernelView of(KernelCredit k) {
            return new KernelView(k.channel(), k.logCredit(), k.rank());
        }
    }

    /**
     * @param name layer name
     * @param ops its operators
     */
    public record ExcludedView(String name, List<String> ops) {
        static ExcludedView of(Layer l) {
            return new ExcludedView(l.name(), l.ops());
        }
    }

    /**
     * @param samples held-out samples
     * @param agreement fraction where argmax K·x equals the network's prediction
     * @param networkAccuracy accuracy of the network, or null without labels
     * @param operatorAccuracy accuracy of K, or null without labels
     * @param medianRelativeError median ‖K·x − N(x)‖ / ‖N(x)‖, or null
     */
    public record GlobalView(int samples, double agreement, Double networkAccuracy, Double operatorAccuracy,
                             Double medianRelativeError) {
        static GlobalView of(GlobalFidelity g) {
            return g == null ? null : new GlobalView(g.samples(), g.agreement(), g.networkAccuracy(),
                    g.operatorAccuracy(), g.medianRelativeError());
        }
    }

    /**
     * @param index held-out sample index
     * @param label its label, or null
     * @param networkPrediction the network's class
     * @param operatorPrediction K's class, or null
     */
    public record ExampleView(int index, Integer label, int networkPrediction, Integer operatorPrediction) {
        static ExampleView of(Example e) {
            return new ExampleView(e.index(), e.label(), e.networkPrediction(), e.operatorPrediction());
        }
    }

    /**
     * @param inputShape one input's shape
     * @param templateCorrelation per class, the correlation of its row with its class template (null
     *     entries where undefined), or null
     * @param meanTemplateCorrelation their mean, or null
     * @param weights rows of K, one per class, or null when they are too many to inline (see {@code npy})
     * @param npy the file with every row, and per-class summaries
     */
    public record FeatureWeightsView(int[] inputShape, Double[] templateCorrelation, Double meanTemplateCorrelation,
                                     double[][] weights, NpyView npy) {
        static FeatureWeightsView of(FeatureWeights fw, TemplateAgreement t, String npyFile) {
            return fw == null ? null : new FeatureWeightsView(fw.inputShape(), t == null ? null : t.perClass(),
                    t == null ? null : t.mean(), fw.inline() ? fw.weights() : null, NpyView.of(fw, npyFile));
        }
    }

    /**
     * Where every feature weight is, and what each class's row holds.
     *
     * @param file the {@code .npy} file beside the JSON (float64, C order, one row per class)
     * @param shape [classes, inputs]
     * @param inline whether {@code weights} holds the rows too
     * @param maxAbs per class, the largest |w|
     * @param maxAbsIndex per class, the flat input index of the first weight with that |w|
     * @param norm per class, the Euclidean norm of the row
     */
    public record NpyView(String file, int[] shape, boolean inline, double[] maxAbs, int[] maxAbsIndex,
                          double[] norm) {
        static NpyView of(FeatureWeights fw, String file) {
            return new NpyView(file, new int[] {fw.classes(), fw.inputs()}, fw.inline(), fw.maxAbs(),
                    fw.maxAbsIndex(), fw.norm());
        }
    }

    /**
     * @param total seconds
     * @param activations network passes
     * @param estimation estimation
     * @param global global fidelity and feature weights
     * @param threads worker threads
     * @param blocks per block
     * @param memory the memory budget, plan and use (null for results made without a plan)
     */
    public record TimingsView(double total, double activations, double estimation, double global, int threads,
                              List<BlockTimingsView> blocks, MemoryView memory) {
        static TimingsView of(Timings t) {
            return new TimingsView(t.total(), t.activations(), t.estimation(), t.global(), t.threads(),
                    t.blocks().stream().map(BlockTimingsView::of).toList(), MemoryView.of(t.memory()));
        }
    }

    /**
     * @param budget bytes the run could use
     * @param byDefault whether that is the default share of the physical memory
     * @param fixed bytes held for the whole run (JVM, data, ONNX Runtime sessions)
     * @param activations bytes of the block activations
     * @param activationsInMemory whether they were kept in RAM (else spilled to disk as float32)
     * @param memoryStores bytes of stores kept in RAM
     * @param spilled bytes written to spill files
     * @param peakRss the process's peak resident set at the end of the analysis (-1 if unknown)
     * @param plan the predicted peak of each stage
     */
    public record MemoryView(long budget, boolean byDefault, long fixed, long activations, boolean activationsInMemory,
                             long memoryStores, long spilled, long peakRss, List<StageView> plan) {
        static MemoryView of(io.koopcredit.credit.MemoryUse m) {
            if (m == null) {
                return null;
            }
            io.koopcredit.credit.MemoryPlan p = m.plan();
            return new MemoryView(p.budget(), p.byDefault(), p.fixed(), p.activationBytes(), p.activationsInMemory(),
                    m.memoryStoreBytes(), m.spilledBytes(), m.peakRss(),
                    p.stages().stream().map(s -> new StageView(s.name(), s.peak(), s.detail())).toList());
        }
    }

    /**
     * @param stage the stage
     * @param peak predicted bytes at its peak
     * @param detail what dominates it
     */
    public record StageView(String stage, long peak, String detail) {
    }

    /**
     * @param name block
     * @param embedding producing snapshots
     * @param dmd DMD and K_i = B·K̃
     * @param credit averaging and credits
     * @param fidelity held-out fidelity
     */
    public record BlockTimingsView(String name, double embedding, double dmd, double credit, double fidelity) {
        static BlockTimingsView of(BlockTimings t) {
            return new BlockTimingsView(t.name(), t.embedding(), t.dmd(), t.credit(), t.fidelity());
        }
    }
}
