package io.koopcredit.cli;

import io.koopcredit.credit.AnalysisData;
import io.koopcredit.data.Normalization;
import io.koopcredit.data.Preprocessing;
import io.koopcredit.model.ModelInfo;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options that choose the data and its preprocessing. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "DATA", converter = Converters.NonEmptyPath.class,
            description = "IDX image file, .npy file, or folder with the standard MNIST file names "
                    + "(default: the bundled digits, data/mnist)")
    Path data;

    @Option(names = "--pool", paramLabel = "K",
            description = "K×K max pooling with stride K after scaling (overrides the model's metadata)")
    Integer pool;

    @Option(names = "--normalize", paramLabel = "MEAN,STD",
            description = "Normalise scaled pixels as (x - MEAN) / STD (overrides the model's metadata)")
    String normalize;

    /**
     * Checks the preprocessing options before anything is loaded.
     *
     * @param spec the command whose options these are
     * @throws picocli.CommandLine.ParameterException for a bad {@code --pool} or {@code --normalize}
     */
    void check(picocli.CommandLine.Model.CommandSpec spec) {
        if (pool != null && pool < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--pool: expected an integer >= 1,"
                    + " found " + pool);
        }
        if (normalize != null) {
            Converters.option(spec, () -> {
                try {
                    return Normalization.parse(normalize);
                } catch (io.koopcredit.base.InputException e) {
                    throw new io.koopcredit.base.InputException("--normalize: " + e.getMessage(), e);
                }
            });
        }
    }

    /** @return the data path, the bundled digits if none was given */
    Path dataPath() {
        return data != null ? data : Install.mnist();
    }

    /**
     * @param info the model (its metadata may declare preprocessing)
     * @return the preprocessing: the model's, overridden by the flags
     */
    Preprocessing preprocessing(ModelInfo info) {
        Preprocessing p = Preprocessing.declaredBy(info);
        if (pool != null) {
            p = p.withPool(pool);
        }
        if (normalize != null) {
            p = p.withNormalization(Normalization.parse(normalize));
        }
        return p;
    }

    /**
     * Loads, preprocesses and splits the data for a model.
     *
     * @param info the model
     * @param fit fitting samples
     * @param holdout held-out samples
     * @return the analysis data
     */
    AnalysisData load(ModelInfo info, int fit, int holdout) {
        return AnalysisData.load(dataPath(), preprocessing(info), info, fit, holdout);
    }
}
