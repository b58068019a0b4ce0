package io.koopcredit.koopman;

/**
 * Real data of one block from a pass of the full network over the fitting samples.
 *
 * @param inputs {@code count * nIn} real block inputs, sample after sample (shared: do not modify)
 * @param outputs {@code count * nOut} matching real block outputs (shared: do not modify)
 * @param count number of samples, at least 1
 */
public record FitData(double[] inputs, double[] outputs, int count) {
    /**
     * Data for an estimator that reads only the inputs ({@link KoopmanEstimator#usesOutputs()} false).
     *
     * @param inputs {@code count * nIn} real block inputs (shared: do not modify)
     * @param count samples
     * @return the data, with no outputs
     */
    public static FitData inputsOnly(double[] inputs, int count) {
        return new FitData(inputs, new double[0], count);
    }

    /** Validates the sizes. */
    public FitData {
        if (count < 1 || inputs.length % count != 0 || outputs.length % count != 0) {
            throw new IllegalArgumentException("fit data: " + inputs.length + " inputs and " + outputs.length
                    + " outputs do not split into " + count + " samples");
        }
    }
}
