package io.koopcredit.report;

import io.koopcredit.credit.FeatureWeights;
import io.koopcredit.data.NpyWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes {@code feature-weights.npy}: every feature weight, float64, shape (classes, inputs), C order (row c
 * is class c; reshape a row to the model's input shape for its map), a tile of classes at a time, so that
 * weights computed on demand are never all in memory.
 */
final class FeatureWeightsNpy {
    private FeatureWeightsNpy() {
    }

    /**
     * @param weights the weights; not modified
     * @param out the file's stream (written to, not closed)
     * @throws IOException if writing fails
     */
    static void write(FeatureWeights weights, OutputStream out) throws IOException {
        NpyWriter.writeHeader(out, new long[] {weights.classes(), weights.inputs()});
        try {
            weights.forEachTile((from, rows) -> {
                for (double[] row : rows) {
                    try {
                        NpyWriter.writeRow(out, row);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
