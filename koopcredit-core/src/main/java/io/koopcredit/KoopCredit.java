package io.koopcredit;

import io.koopcredit.base.InvalidOptionException;
import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.CreditAnalysis;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.CreditTolerance;
import io.koopcredit.credit.ProgressListener;
import io.koopcredit.data.Normalization;
import io.koopcredit.data.Preprocessing;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.model.Network;
import io.koopcredit.model.onnx.LoadOptions;
import io.koopcredit.model.onnx.OnnxNetwork;
import io.koopcredit.validation.ValidationOptions;
import io.koopcredit.validation.ValidationResult;
import io.koopcredit.validation.Validator;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * The front door of the library: credit assignment (Liang et al. 2022) for a trained network given as an
 * ONNX file, on data given as IDX files, a folder of them, or a {@code .npy} file.
 *
 * <pre>{@code
 * CreditResult r = KoopCredit.analyze(Path.of("model.onnx"), Path.of("data/mnist"));
 *
 * CreditResult r = KoopCredit.builder()
 *         .model(Path.of("model.onnx")).data(Path.of("data/mnist"))
 *         .estimator(Estimator.onestep().samples(2000))
 *         .seed(7).progress((stage, done, total) -> { })
 *         .run();
 * ValidationResult v = KoopCredit.builder().model(m).data(d).validate();
 * ValidationResult p = KoopCredit.builder().model(m).data(d)
 *         .validation(a -> ValidationOptions.quick(a).withPruning(PruningPlan.defaults())).validate();
 * }</pre>
 *
 * <p>Every option has the default of {@link io.koopcredit.credit.Defaults} and
 * {@link io.koopcredit.koopman.EstimatorDefaults}; the command line is one caller of this class. A user's
 * mistake (a missing or corrupt file, data that does not fit the model, an option out of range) is an
 * {@link io.koopcredit.base.InputException} whose one-line message names the value, what was expected and
 * what was found; options are named by the builder's method names ({@link InvalidOptionException#option()}).
 */
public final class KoopCredit {
    private KoopCredit() {
    }

    /**
     * Credit assignment with every default: the paper's estimator, the model's declared preprocessing.
     *
     * @param model the ONNX model file; not modified
     * @param data the data: a folder with the standard MNIST file names, an IDX image file, or a .npy file
     * @return the result
     */
    public static CreditResult analyze(Path model, Path data) {
        return builder().model(model).data(data).run();
    }

    /** @return a builder with every default and no model or data yet */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of one analysis or validation; not thread-safe, use one per thread. */
    public static final class Builder {
        private Path model;
        private Path data;
        private AnalysisOptions options = AnalysisOptions.defaults();
        private Integer pool;
        private Normalization normalization;
        private ProgressListener progress = ProgressListener.NONE;
        private Function<AnalysisOptions, ValidationOptions> validation = ValidationOptions::defaults;

        private Builder() {
        }

        /** @param file the ONNX model file @return this builder */
        public Builder model(Path file) {
            this.model = Objects.requireNonNull(file, "model");
            return this;
        }

        /**
         * @param source a folder with the standard MNIST file names (training samples fit, test samples are
         *     held out), an IDX image file or a .npy file (the first samples fit, the last are held out)
         * @return this builder
         */
        public Builder data(Path source) {
            this.data = Objects.requireNonNull(source, "data");
            return this;
        }

        /** @param e the estimator with its options (e.g. {@code Estimator.onestep().samples(2000)}) @return this */
        public Builder estimator(Estimator e) {
            options = options.withEstimator(e);
            return this;
        }

        /** @param n fitting samples of the current estimator @return this builder */
        public Builder samples(int n) {
            options = options.withSamples(n);
            return this;
        }

        /**
         * @param t random alignments averaged (the paper's 10)
         * @return this builder
         * @throws InvalidOptionException if the estimator is not the faithful one (the others run once)
         */
        public Builder trials(int t) {
            if (!(options.estimator() instanceof Estimator.Faithful f)) {
                throw new InvalidOptionException("trials", "expected the faithful estimator, which averages random"
                        + " alignments; found the " + options.kind().spec() + " estimator, which runs once");
            }
            options = options.withEstimator(f.trials(t));
            return this;
        }

        /** @param n held-out samples for fidelity @return this builder */
        public Builder holdout(int n) {
            options = options.withHoldout(n);
            return this;
        }

        /** @param s the seed of every random draw @return this builder */
        public Builder seed(long s) {
            options = options.withSeed(s);
            return this;
        }

        /** @param spec a partition such as {@code conv1+pool1,conv2+pool2,dense1-dense3} @return this builder */
        public Builder blocks(String spec) {
            options = options.withBlocks(spec);
            return this;
        }

        /** @param keep credit a trailing Softmax too @return this builder */
        public Builder keepSoftmax(boolean keep) {
            options = options.withKeepSoftmax(keep);
            return this;
        }

        /** @param n worker threads (results do not depend on them) @return this builder */
        public Builder threads(int n) {
            options = options.withThreads(n);
            return this;
        }

        /**
         * @param size the memory the run may use, e.g. {@code "4g"} or {@code "512m"} (default: half the physical
         *     memory); it decides what stays in RAM and what runs at once, never the results
         * @return this builder
         * @throws InvalidOptionException for a size that does not parse or is below the minimum
         */
        public Builder memory(String size) {
            options = options.withMemory(io.koopcredit.store.MemoryLimit.parse(size));
            return this;
        }

        /**
         * @param f dense or scalable operators, or {@link io.koopcredit.credit.Formulation#AUTO} (by the model's
         *     size; the default)
         * @return this builder
         */
        public Builder formulation(io.koopcredit.credit.Formulation f) {
            options = options.withFormulation(Objects.requireNonNull(f, "formulation"));
            return this;
        }

        /** @param t which singular values count as non-zero in the credit @return this builder */
        public Builder creditTolerance(CreditTolerance t) {
            options = options.withCreditTolerance(t);
            return this;
        }

        /** @param o every analysis option at once @return this builder */
        public Builder options(AnalysisOptions o) {
            options = Objects.requireNonNull(o, "options");
            return this;
        }

        /** @param k K×K max pooling with stride K after scaling (overrides the model's metadata) @return this */
        public Builder pool(int k) {
            if (k < 1) {
                throw new InvalidOptionException("pool", "expected an integer >= 1, found " + k);
            }
            this.pool = k;
            return this;
        }

        /** @param n normalisation of the scaled pixels (overrides the model's metadata) @return this builder */
        public Builder normalize(Normalization n) {
            this.normalization = Objects.requireNonNull(n, "normalize");
            return this;
        }

        /** @param listener hears about finished trials and stages @return this builder */
        public Builder progress(ProgressListener listener) {
            this.progress = Objects.requireNonNull(listener, "progress");
            return this;
        }

        /**
         * @param v the checks of {@link #validate()}, given the analysis options (default:
         *     {@link ValidationOptions#defaults}; {@link ValidationOptions#quick} for a reduced run)
         * @return this builder
         */
        public Builder validation(Function<AnalysisOptions, ValidationOptions> v) {
            this.validation = Objects.requireNonNull(v, "validation");
            return this;
        }

        /** @return the analysis options as set so far */
        public AnalysisOptions options() {
            return options;
        }

        /**
         * Runs the analysis.
         *
         * @return the credits, fidelities and feature weights
         * @throws io.koopcredit.base.InputException for a missing or unusable model or data, or data that does
         *     not fit the model
         */
        public CreditResult run() {
            requireModelAndData();
            try (Network network = open()) {
                AnalysisData input = load(network, options.samples());
                return CreditAnalysis.run(network, input, options, progress);
            }
        }

        /**
         * Runs the analysis and checks it: ablation agreement, the randomization sanity check, stability, the
         * lesion studies and, when the options ask for it ({@link ValidationOptions#withPruning}), pruning.
         *
         * @return the analysis and the checks
         * @throws io.koopcredit.base.InputException as {@link #run()}, if the data has too few samples for the
         *     checks, or if the options do not fit the network (pruning without convolution kernels, a block
         *     to lesion that is not a residual unit: an {@link InvalidOptionException} naming
         *     {@code pruning} or {@code lesionBlocks})
         */
        public ValidationResult validate() {
            requireModelAndData();
            ValidationOptions v = validation.apply(options);
            try (Network network = open()) {
                AnalysisData input = load(network, v.fitSamplesNeeded(options));
                return Validator.run(network, input, options, v, progress);
            }
        }

        /**
         * @param network the loaded model
         * @return the preprocessing its data gets: the model's declared one, overridden by {@link #pool} and
         *     {@link #normalize}
         */
        public Preprocessing preprocessing(Network network) {
            Preprocessing p = Preprocessing.declaredBy(network.info());
            if (pool != null) {
                p = p.withPool(pool);
            }
            if (normalization != null) {
                p = p.withNormalization(normalization);
            }
            return p;
        }

        private void requireModelAndData() {
            if (model == null) {
                throw new InvalidOptionException("model", "expected an ONNX model file, found none (call model(...))");
            }
            if (data == null) {
                throw new InvalidOptionException("data", "expected a data folder or file, found none (call data(...))");
            }
        }

        private Network open() {
            return OnnxNetwork.load(model, LoadOptions.defaults().withKeepSoftmax(options.keepSoftmax()));
        }

        private AnalysisData load(Network network, int fit) {
            return AnalysisData.load(data, preprocessing(network), network.info(), fit, options.holdout());
        }
    }
}
