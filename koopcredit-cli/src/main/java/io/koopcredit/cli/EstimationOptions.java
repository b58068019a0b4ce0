package io.koopcredit.cli;

import io.koopcredit.base.InvalidOptionException;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.Defaults;
import io.koopcredit.koopman.AlignmentDistribution;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.koopman.EstimatorKind;
import io.koopcredit.koopman.RankPolicy;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the analysis itself; unset ones take the defaults of {@link Defaults}. */
final class EstimationOptions {
    @Option(names = "--estimator", paramLabel = "NAME", converter = Converters.Estimator.class,
            description = "faithful (the paper's: alignment, step-delay embedding, DMD; default), onestep "
                    + "(one-step DMD on real input/output pairs, not in the paper) or pca (the paper's quick variant: "
                    + "k principal components in and out, credit = product of non-zero eigenvalues)")
    EstimatorKind estimator;

    @Option(names = "--samples", paramLabel = "N",
            description = "Fitting samples (default: 1 for faithful, 2000 for onestep and pca)")
    Integer samples;

    @Option(names = "--holdout", paramLabel = "H", description = "Held-out samples for fidelity (default: 1000)")
    Integer holdout;

    @Option(names = "--trials", paramLabel = "T",
            description = "Random alignments averaged (default: 10, as in the paper; onestep runs 1)")
    Integer trials;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of every random draw (default: 20221202)")
    Long seed;

    @Option(names = "--rank", paramLabel = "POLICY", converter = Converters.Rank.class,
            description = "DMD truncation: precision (above the noise floor of the snapshots; default for faithful), "
                    + "machine (double-precision rank), relative:TOL (default relative:0.001 for onestep), fixed:R, "
                    + "energy:F, optimal (Gavish-Donoho)")
    RankPolicy rank;

    @Option(names = "--alignment", paramLabel = "DIST", converter = Converters.Alignment.class,
            description = "Distribution of the alignment matrix B: auto (structured for a model with a block whose"
                    + " dense B would exceed 2^24 values, else gaussian; default), gaussian (i.i.d. N(0,1)),"
                    + " orthonormal, or structured (random rotations, never formed)")
    AlignmentDistribution alignment;

    @Option(names = "--steps", paramLabel = "K",
            description = "Embedding steps per trajectory (default: 0, meaning the paper's 2d)")
    Integer steps;

    @Option(names = "--affine", description = "onestep only: add a constant observable (fits an offset)")
    boolean affine;

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads (default: one per processor); results do not depend on it")
    Integer threads;

    @Option(names = "--credit-tolerance", paramLabel = "TOL", converter = Converters.Tolerance.class,
            description = "Which singular values of K_i count as non-zero: float32 (above 2^-23 of the largest, the "
                    + "resolution of the data; default) or double (max(m,n)·eps·largest)")
    io.koopcredit.credit.CreditTolerance creditTolerance;

    @Option(names = "--precision", paramLabel = "P", converter = Converters.PrecisionConverter.class,
            description = "faithful only: the format the blocks are evaluated in during step-delay embedding: auto "
                    + "(float64 where ONNX Runtime can run the block in double, else float32; default), float32 (the "
                    + "network's) or float64 (an error if a block cannot)")
    io.koopcredit.koopman.EvaluationPrecision precision;

    @Option(names = "--components", paramLabel = "K",
            description = "pca only: principal components per block (default: the narrowest block boundary, at most "
                    + "N-1, the same k for every block)")
    Integer components;

    @Option(names = "--formulation", paramLabel = "F", converter = Converters.FormulationConverter.class,
            description = "How operators are represented: auto (dense unless the model has a block whose nIn x nOut"
                    + " exceeds 2^24; default), dense, or scalable (onestep: method of snapshots, stores on disk when"
                    + " needed; faithful: an E2E block fitted once for its T equal trials; not pca)."
                    + " Both give the same numbers up to rounding")
    io.koopcredit.credit.Formulation formulation;

    @Mixin
    MemoryOption memory = new MemoryOption();

    @Option(names = "--no-shortcut", description = "Evaluate every embedding step even after a trajectory has "
            + "entered a fixed point or cycle (the same operators up to rounding; slower; for checks)")
    boolean noShortcut;

    /**
     * The typed options, after telling the user on {@code err} which of the given options the chosen
     * estimator ignores.
     *
     * @param model the model options (partition spec, softmax)
     * @param spec the command; the note goes to its stderr
     * @return the typed options, defaults filled in
     * @throws picocli.CommandLine.ParameterException for a value out of range (naming the option)
     */
    AnalysisOptions resolve(ModelOptions model, picocli.CommandLine.Model.CommandSpec spec) {
        AnalysisOptions options = Converters.option(spec, () -> toOptions(model));
        String ignored = ignoredBy(options.kind());
        if (ignored != null) {
            spec.commandLine().getErr().println("koopcredit: " + ignored);
        }
        return options;
    }

    /**
     * @param kind the estimator that will run
     * @return a note naming the options given that this estimator ignores, or null if there are none
     */
    String ignoredBy(EstimatorKind kind) {
        java.util.List<String> ignored = new java.util.ArrayList<>();
        if (kind != EstimatorKind.PCA && components != null) {
            ignored.add("--components");
        }
        if (kind.iterates()) {
            return note(ignored, kind, "");
        }
        if (trials != null) {
            ignored.add("--trials");
        }
        if (alignment != null) {
            ignored.add("--alignment");
        }
        if (steps != null) {
            ignored.add("--steps");
        }
        if (noShortcut) {
            ignored.add("--no-shortcut");
        }
        if (precision != null) {
            ignored.add("--precision");
        }
        return note(ignored, kind, " (it fits real input/output pairs once, without alignment or iteration)");
    }

    private static String note(java.util.List<String> ignored, EstimatorKind kind, String why) {
        return ignored.isEmpty() ? null : "note: " + String.join(", ", ignored) + (ignored.size() == 1 ? " has" : " have")
                + " no effect with --estimator " + kind.spec() + why;
    }

    /**
     * @param model the model options (partition spec, softmax)
     * @return the typed options, defaults filled in
     */
    AnalysisOptions toOptions(ModelOptions model) {
        EstimatorKind kind = estimator != null ? estimator : Defaults.ESTIMATOR;
        Estimator e = Estimator.of(kind);
        if (samples != null) {
            e = e.samples(samples);
        }
        if (rank != null) {
            e = e.rank(rank);
        }
        if (e instanceof Estimator.Faithful f) {
            if (trials != null) {
                f = f.trials(trials);
            }
            if (alignment != null) {
                f = f.alignment(alignment);
            }
            if (steps != null) {
                f = f.steps(steps);
            }
            if (precision != null) {
                f = f.precision(precision);
            }
            e = f.shortcutCycles(!noShortcut);
        } else if (e instanceof Estimator.OneStep s) {
            e = s.affine(affine);
        } else if (e instanceof Estimator.Pca p && components != null) {
            e = p.components(components);
        }
        if (affine && kind != EstimatorKind.ONE_STEP) {
            throw new InvalidOptionException("affine", "expected with --estimator onestep only, found --estimator "
                    + kind.spec() + (kind == EstimatorKind.PCA ? " (its operators already have an offset)"
                    : " (the paper's operators are linear)"));
        }
        AnalysisOptions o = AnalysisOptions.of(e);
        if (holdout != null) {
            o = o.withHoldout(holdout);
        }
        if (seed != null) {
            o = o.withSeed(seed);
        }
        if (threads != null) {
            o = o.withThreads(threads);
        }
        if (creditTolerance != null) {
            o = o.withCreditTolerance(creditTolerance);
        }
        if (formulation != null) {
            o = o.withFormulation(formulation);
        }
        if (memory.memory != null) {
            o = o.withMemory(memory.memory);
        }
        return o.withBlocks(model.blocks).withKeepSoftmax(model.keepSoftmax);
    }
}
