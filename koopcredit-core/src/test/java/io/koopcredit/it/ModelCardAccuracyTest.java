package io.koopcredit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.data.DataSource;
import io.koopcredit.data.DataSplits;
import io.koopcredit.data.Dataset;
import io.koopcredit.data.Preprocessing;
import io.koopcredit.model.BlockActivations;
import io.koopcredit.model.Network;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.model.onnx.LoadOptions;
import io.koopcredit.model.onnx.OnnxNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bundled models are real: ONNX Runtime reproduces each model card's accuracy on the 2,000 bundled test
 * images of the model's data set, with the preprocessing the model declares in its metadata: the same
 * number of correct predictions, and the card's percentage is that count.
 */
class ModelCardAccuracyTest {
    /** The card prints the percentage with two decimals: it is the count's to half a hundredth of a point. */
    private static final double PERCENT_ROUNDING = 0.005;

    private static final Pattern CARD_LINE = Pattern.compile("Test accuracy: ([0-9.]+)% \\((\\d+)/(\\d+)\\)");

    @ParameterizedTest
    @CsvSource({"lenet5-mnist, data/mnist", "mlp81-mnist, data/mnist", "resnet14-fashion, data/fashion-mnist"})
    void onnxRuntimeReproducesTheCardsAccuracy(String name, String data) throws Exception {
        String card = Files.readString(Path.of("models", name + ".md"));
        Matcher m = CARD_LINE.matcher(card);
        assertTrue(m.find(), "the card states 'Test accuracy: NN.NN% (k/n)'");
        double cardPercent = Double.parseDouble(m.group(1));
        int cardCorrect = Integer.parseInt(m.group(2));
        int cardTotal = Integer.parseInt(m.group(3));
        assertEquals(2000, cardTotal);
        assertEquals(100.0 * cardCorrect / cardTotal, cardPercent, PERCENT_ROUNDING, "the card's percentage");

        try (Network net = OnnxNetwork.load(Path.of("models", name + ".onnx"), LoadOptions.defaults())) {
            Preprocessing p = net.info().preprocessing().map(Preprocessing::parse).orElse(Preprocessing.DEFAULT);
            DataSplits splits = DataSource.load(Path.of(data), p);
            Dataset test = splits.test();
            DataSource.requireShape(test, net.info().inputShape().dims());
            int n = test.count();
            assertEquals(2000, n);
            int correct = 0;
            try (PartitionedNetwork pn = net.compile(net.partition(null))) {
                BlockActivations act = pn.activations(test.values(), n);
                double[] logits = act.output(act.blockCount() - 1);
                int classes = logits.length / n;
                for (int j = 0; j < n; j++) {
                    int best = 0;
                    for (int c = 1; c < classes; c++) {
                        if (logits[j * classes + c] > logits[j * classes + best]) {
                            best = c;
                        }
                    }
                    correct += best == test.label(j) ? 1 : 0;
                }
            }
            assertEquals(cardCorrect, correct, name + ": " + correct + "/" + n + " correct, the card says "
                    + cardCorrect + "/" + cardTotal);
        }
    }
}
