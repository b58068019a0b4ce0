package io.koopcredit.data;

import io.koopcredit.base.InputException;

import java.util.Arrays;
import java.util.Objects;

/**
 * The samples used to fit the Koopman operators and the samples held out to evaluate them; made by
 * {@link DataSplits#split(int, int)}.
 *
 * @param fit the fitting samples, at least one
 * @param holdout the held-out samples, possibly none; same sample shape as {@code fit}
 */
public record SampleSplit(Dataset fit, Dataset holdout) {

    /**
     * Validates the split.
     *
     * @param fit the fitting samples (not modified; datasets are immutable)
     * @param holdout the held-out samples (not modified; datasets are immutable)
     * @throws InputException if there is no fitting sample or the two sample shapes differ
     */
    public SampleSplit {
        Objects.requireNonNull(fit, "fit");
        Objects.requireNonNull(holdout, "holdout");
        if (fit.count() < 1) {
            throw new InputException(fit.description() + ": expected at least 1 fitting sample, found 0");
        }
        if (!Arrays.equals(fit.sampleShape(), holdout.sampleShape())) {
            throw new InputException(holdout.description() + ": expected holdout samples of shape " + fit.shapeText()
                    + " like the fitting samples, found " + holdout.shapeText());
        }
    }
}
