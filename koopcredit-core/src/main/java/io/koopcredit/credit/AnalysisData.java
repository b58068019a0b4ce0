package io.koopcredit.credit;

import io.koopcredit.data.DataSource;
import io.koopcredit.data.DataSplits;
import io.koopcredit.data.Preprocessing;
import io.koopcredit.data.SampleSplit;
import io.koopcredit.model.ModelInfo;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The samples one analysis runs on, already preprocessed for the network: fitting samples (the real
 * inputs whose block activations the estimators see) and held-out samples (for fidelity only).
 *
 * @param description where the data came from, for the report (e.g. {@code data/mnist (train 1, t10k 1000)})
 * @param fit fitting samples, sample after sample (shared: not modified)
 * @param fitCount number of fitting samples
 * @param holdout held-out samples, sample after sample (shared: not modified)
 * @param holdoutCount number of held-out samples
 * @param holdoutLabels labels of the held-out samples, or null
 */
public record AnalysisData(String description, float[] fit, int fitCount, float[] holdout, int holdoutCount,
                           int[] holdoutLabels) {
    /** Validates sizes and values. */
    public AnalysisData {
        Objects.requireNonNull(description, "description");
        if (fitCount < 1 || fit.length % fitCount != 0 || holdoutCount < 1 || holdout.length % holdoutCount != 0
                || fit.length / fitCount != holdout.length / holdoutCount) {
            throw new IllegalArgumentException("analysis data: " + fit.length + " fitting values for " + fitCount
                    + " samples and " + holdout.length + " held-out values for " + holdoutCount + " samples");
        }
        if (holdoutLabels != null && holdoutLabels.length != holdoutCount) {
            throw new IllegalArgumentException("analysis data: " + holdoutLabels.length + " labels for " + holdoutCount
                    + " held-out samples");
        }
        for (float v : fit) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("analysis data: non-finite fitting value " + v);
            }
        }
    }

    /**
     * Loads, preprocesses and splits data for a model: with a folder of the standard MNIST file names the
     * first {@code fit} training samples fit and the first {@code holdout} test samples are held out; with a
     * single file (IDX or {@code .npy}) the first {@code fit} samples fit and the last {@code holdout} are
     * held out (see {@link DataSource}).
     *
     * @param data the data folder or file
     * @param preprocessing how to preprocess it (see {@link Preprocessing#declaredBy})
     * @param model the model the data is for (its input shape is checked)
     * @param fit fitting samples
     * @param holdout held-out samples
     * @return the analysis data
     * @throws io.koopcredit.base.InputException if the data is missing, corrupt, too small or of the wrong shape
     */
    public static AnalysisData load(Path data, Preprocessing preprocessing, ModelInfo model, int fit, int holdout) {
        DataSplits splits = DataSource.load(data, preprocessing);
        SampleSplit split = splits.split(fit, holdout);
        DataSource.requireShape(split.fit(), model.inputShape().dims());
        String description = "fit: " + split.fit().description() + "; held-out: " + split.holdout().description();
        return new AnalysisData(description, split.fit().values(), fit, split.holdout().values(), holdout,
                split.holdout().labelsOrNull());
    }

    /** @return values per sample */
    public int sampleSize() {
        return fit.length / fitCount;
    }

    /**
     * The same data with only the first fitting samples: the analysis with N samples sees exactly what
     * {@code koopcredit credit --samples N} sees, since the data takes the first N training samples.
     *
     * @param count fitting samples to keep, 1..fitCount()
     * @return this data with the first {@code count} fitting samples (held-out samples shared), or this data
     *     itself when it has exactly that many
     */
    public AnalysisData firstFitSamples(int count) {
        if (count == fitCount) {
            return this;
        }
        if (count < 1 || count > fitCount) {
            throw new IllegalArgumentException("cannot take " + count + " of " + fitCount + " fitting samples");
        }
        return new AnalysisData(description + " (first " + count + " fitting samples)",
                java.util.Arrays.copyOf(fit, count * sampleSize()), count, holdout, holdoutCount, holdoutLabels);
    }
}
