package io.koopcredit.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.model.Block;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.Network;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The networks {@code bench --scale} builds: the block-dimension sweep has the dimensions it promises
 * (10³ … 8·10⁵) and is partitioned like a residual network (stem, one residual unit, global pool, classifier).
 */
class ResNetsTest {
    @Test
    void theDimensionSweepsBlocksSpanATousandToEightHundredThousandDimensions(@TempDir Path dir) {
        int[] expected = {1024, 10_000, 99_856, 802_816};
        List<ResNets.Shape> sweep = ResNets.DIMENSION_SWEEP;
        assertEquals(expected.length, sweep.size());
        for (int i = 0; i < expected.length; i++) {
            ResNets.Shape shape = sweep.get(i);
            assertEquals("sweep-d" + expected[i], shape.name());
            try (Network net = OnnxNetwork.load(ResNets.save(shape, 7, dir), LoadOptions.defaults())) {
                BlockPartition p = net.partition(null);
                List<String> names = p.blocks().stream().map(Block::name).toList();
                assertEquals(4, p.size(), "stem, residual unit, global pool, classifier: " + names);
                int s = shape.size();
                assertEquals(3 * s * s, p.block(0).nIn(), names.toString());
                assertEquals(expected[i], p.block(0).nOut(), names.toString());
                assertEquals(expected[i], p.block(1).nIn(), names.toString());
                assertEquals(expected[i], p.block(1).nOut(), names.toString());
                assertEquals(4, p.block(2).nOut(), "the global pool leaves one value per channel: " + names);
                assertEquals(10, p.block(3).nOut(), names.toString());
                int widest = p.blocks().stream().mapToInt(b -> Math.max(b.nIn(), b.nOut())).max().orElseThrow();
                assertEquals(expected[i], widest);
            }
        }
        assertTrue(expected[0] >= 1_000 && expected[expected.length - 1] >= 800_000, "issue #10's range");
    }
}
