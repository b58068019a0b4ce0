package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.onnx.LoadOptions;
import io.koopcredit.model.Network;
import io.koopcredit.model.onnx.OnnxNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ScalableOneStep#fitOrder}: the blocks' fits largest first, from the shapes alone, on LeNet-5 at the
 * two ends of N where its estimate has a closed order.
 */
class FitOrderTest {
    private static BlockPartition lenet;

    @BeforeAll
    static void load() {
        Path model = Path.of("models/lenet5-mnist.onnx");
        try (Network net = OnnxNetwork.load(Files.exists(model) ? model : Path.of("..").resolve(model),
                LoadOptions.defaults())) {
            lenet = net.partition(null);
        }
    }

    private static int[] sorted(Comparator<Integer> order) {
        return IntStream.range(0, lenet.size()).boxed().sorted(order).mapToInt(Integer::intValue).toArray();
    }

    private static int kernels(int i) {
        return KernelCredit.applies(lenet.block(i)) ? lenet.block(i).outputShape().dim(0) : 0;
    }

    @Test
    void withOneSampleEveryMapIsTallAndTheBlocksGoByTheirKernels() {
        // N = 1: each kernel's map has more than one row, so its own factor costs 8/3 beside the block's 4
        int[] expected = sorted(Comparator.comparingInt((Integer i) -> -kernels(i)).thenComparingInt(i -> i));
        assertArrayEquals(expected, ScalableOneStep.fitOrder(lenet, 1));
        assertNotEquals(0, kernels(expected[0]), "LeNet-5 has blocks with kernel credits");
    }

    @Test
    void withManySamplesTheReadsOfShortMapsGoByTheOutputWidth() {
        // N = 10⁶: every map is short; beside the block's 4·N³ each kernel's read costs c·N² + c²·N + 2c³/3,
        // dominated by c·N², so the blocks with kernel credits come first by kernels × c = nOut
        int n = 1_000_000;
        int[] expected = sorted(Comparator.comparingLong((Integer i) -> kernels(i) == 0 ? 0L
                : -(long) lenet.block(i).nOut()).thenComparingInt(i -> i));
        assertArrayEquals(expected, ScalableOneStep.fitOrder(lenet, n));
    }
}
