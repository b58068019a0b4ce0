package io.koopcredit.model.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.model.Block;
import io.koopcredit.model.BlockActivations;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.model.Precision;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rounding model behind the rank policy's noise floor holds on real data: for every block of the
 * bundled models, the float32 evaluation differs from the float64 one by less than u·(1 + growth) relative
 * to the output, and by more than a hundredth of it (the model is a bound, not a wild over-estimate).
 */
class RoundingModelTest {

    @ParameterizedTest
    @ValueSource(strings = {"models/lenet5-mnist.onnx", "models/mlp81-mnist.onnx", "models/resnet14-fashion.onnx"})
    void float32RoundingStaysBelowTheModelledNoiseFloor(String file) {
        try (OnnxNetwork net = OnnxNetwork.load(Path.of(file))) {
            BlockPartition p = net.partition(null);
            int count = 200;
            float[] x = new float[count * p.block(0).nIn()];
            Random r = new Random(3);
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextFloat();
            }
            try (PartitionedNetwork f32 = net.compile(p, Precision.FLOAT32, false);
                 PartitionedNetwork f64 = net.compile(p, Precision.FLOAT64, false)) {
                BlockActivations acts = f32.activations(x, count);
                for (Block b : p.blocks()) {
                    // States of an embedding are doubles, not float32 values: perturb the real inputs off the
                    // float32 grid so that rounding the input counts, as it does there.
                    double[] in = acts.input(b.index()).clone();
                    for (int i = 0; i < in.length; i++) {
                        in[i] *= 1 + 1e-3 * r.nextGaussian();
                    }
                    double[] a = f32.block(b.index()).apply(in, count);
                    double[] d = f64.block(b.index()).apply(in, count);
                    double diff = 0;
                    double norm = 0;
                    for (int i = 0; i < a.length; i++) {
                        diff += (a[i] - d[i]) * (a[i] - d[i]);
                        norm += d[i] * d[i];
                    }
                    double measured = Math.sqrt(diff / norm);
                    double modelled = Precision.FLOAT32.unitRoundoff() * (1 + b.roundingGrowth());
                    assertTrue(measured <= modelled && measured >= modelled / 100, b.name() + ": measured " + measured
                            + ", modelled " + modelled);
                }
            }
        }
    }
}
