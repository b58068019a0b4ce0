package io.koopcredit.data;

import io.koopcredit.base.InputException;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The preprocessed data behind one {@code --data PATH}: a test set, and a training set when the path is a
 * folder that has one.
 *
 * @param train the training set, if the data has one; same sample shape as {@code test}
 * @param test the test set, or the only set
 */
public record DataSplits(Optional<Dataset> train, Dataset test) {

    /**
     * Validates that both sets have the same sample shape.
     *
     * @param train the training set, if any (not modified; datasets are immutable)
     * @param test the test set, or the only set (not modified; datasets are immutable)
     * @throws InputException naming both sets if their sample shapes differ
     */
    public DataSplits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (train.isPresent() && !Arrays.equals(train.get().sampleShape(), test.sampleShape())) {
            throw new InputException(test.description() + ": expected samples of shape " + train.get().shapeText()
                    + " like the training set " + train.get().description() + ", found " + test.shapeText());
        }
    }

    /**
     * Chooses the fitting and holdout samples. With a training set, fit = the first {@code nFit} training
     * samples and holdout = the first {@code nHoldout} test samples. With a single set, fit = its first
     * {@code nFit} samples and holdout = its last {@code nHoldout}, which must not overlap.
     *
     * @param nFit how many samples to fit on, at least 1
     * @param nHoldout how many samples to hold out, at least 0
     * @return the two sets
     * @throws InputException naming the numbers and the available count if a number is out of range or
     *     the data has too few samples
     */
    public SampleSplit split(int nFit, int nHoldout) {
        if (nFit < 1) {
            throw new InputException("number of fitting samples: expected at least 1, found " + nFit);
        }
        if (nHoldout < 0) {
            throw new InputException("number of holdout samples: expected at least 0, found " + nHoldout);
        }
        if (train.isPresent()) {
            Dataset tr = train.get();
            if (nFit > tr.count()) {
                throw new InputException(tr.description() + ": expected at most " + tr.count()
                        + " fitting samples (the size of the training set), found " + nFit + " requested");
            }
            if (nHoldout > test.count()) {
                throw new InputException(test.description() + ": expected at most " + test.count()
                        + " holdout samples (the size of the test set), found " + nHoldout + " requested");
            }
            return new SampleSplit(tr.head(nFit), test.head(nHoldout));
        }
        if ((long) nFit + nHoldout > test.count()) {
            throw new InputException(test.description() + ": expected fitting + holdout samples to be at most "
                    + test.count() + " (the first for fitting, the last held out, without overlap), found " + nFit
                    + " + " + nHoldout + " = " + ((long) nFit + nHoldout));
        }
        return new SampleSplit(test.head(nFit), test.tail(nHoldout));
    }
}
