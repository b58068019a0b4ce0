package io.koopcredit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The S2L advice on chains of known widths, and its invariants on random chains. */
class PartitionAdviceTest {

    /** A chain of one-layer blocks: layer k maps widths[k] to widths[k + 1]. */
    private static BlockPartition chain(List<String> names, int... widths) {
        List<List<String>> groups = names.stream().map(List::of).toList();
        return grouped(groups, widths);
    }

    /** Blocks of several layers: groups lists each block's layer names; widths run over the layers. */
    private static BlockPartition grouped(List<List<String>> groups, int... widths) {
        List<Block> blocks = new ArrayList<>();
        int k = 0;
        for (List<String> g : groups) {
            List<Layer> layers = new ArrayList<>();
            for (String name : g) {
                layers.add(new Layer(name, LayerType.OTHER, List.of("Op"), TensorShape.of(widths[k]),
                        TensorShape.of(widths[k + 1]), 0, 0));
                k++;
            }
            blocks.add(new Block(blocks.size(), String.join("+", g), layers));
        }
        assertEquals(widths.length - 1, k);
        return new BlockPartition(blocks, List.of());
    }

    @Test
    void lenetMergesEachConvolutionWithItsPool() {
        BlockPartition p = chain(List.of("conv1", "pool1", "conv2", "pool2", "dense1", "dense2", "dense3"),
                784, 4704, 1176, 1600, 400, 120, 84, 10);
        PartitionAdvice a = PartitionAdvice.of(p);
        assertEquals(2, a.s2l().size());
        PartitionAdvice.S2lBlock conv1 = a.s2l().get(0);
        assertEquals(List.of("conv1", 0, 784, 4704, 3920), List.of(conv1.block(), conv1.index(), conv1.nIn(),
                conv1.nOut(), conv1.excess()));
        PartitionAdvice.Merge m = conv1.merge().orElseThrow();
        assertEquals(List.of("conv1+pool1", 784, 1176, BlockKind.S2L, 392, 2),
                List.of(m.spec(), m.nIn(), m.nOut(), m.kind(), m.excess(), m.blocks()));
        PartitionAdvice.Merge r = conv1.removal().orElseThrow();
        assertEquals(List.of("conv1-pool2", 784, 400, BlockKind.L2S), List.of(r.spec(), r.nIn(), r.nOut(), r.kind()));
        PartitionAdvice.S2lBlock conv2 = a.s2l().get(1);
        assertEquals("conv2+pool2", conv2.merge().orElseThrow().spec(),
                "pool2 (1176 -> 400) beats pool1 (4704 -> 1600)");
        assertEquals(BlockKind.L2S, conv2.merge().orElseThrow().kind());
        assertTrue(conv2.removal().isEmpty(), "the merge already removes it");
        assertEquals(Optional.of("conv1+pool1,conv2+pool2,dense1,dense2,dense3"), a.suggestedSpec());
    }

    @Test
    void aPlateauStopsTheDescentAndTheRemovalIsReported() {
        // A ResNet-like chain: the stem widens 784 -> 1568 and the next units keep 1568.
        BlockPartition p = chain(List.of("stem", "u1", "u2", "u3", "u4", "pool", "head"),
                784, 1568, 1568, 1568, 784, 784, 32, 10);
        PartitionAdvice a = PartitionAdvice.of(p);
        assertEquals(1, a.s2l().size());
        assertTrue(a.s2l().get(0).merge().isEmpty(), "absorbing u1 leaves the excess at 784");
        PartitionAdvice.Merge r = a.s2l().get(0).removal().orElseThrow();
        assertEquals(List.of("stem-u3", 4, BlockKind.E2E), List.of(r.spec(), r.blocks(), r.kind()));
        assertTrue(a.suggestedSpec().isEmpty());
    }

    @Test
    void overlappingMergesBecomeOneBlockAndMultiLayerBlocksAreWrittenByLayer() {
        // a (10 -> 30) takes b; c (5 -> 40) takes d (5 -> 8), then b (30 -> 8): both runs share b.
        PartitionAdvice a = PartitionAdvice.of(chain(List.of("a", "b", "c", "d"), 10, 30, 5, 40, 8));
        assertEquals("a+b", a.s2l().get(0).merge().orElseThrow().spec());
        assertEquals("b-d", a.s2l().get(1).merge().orElseThrow().spec());
        assertEquals(Optional.of("a-d"), a.suggestedSpec());

        BlockPartition p = grouped(List.of(List.of("x"), List.of("y1", "y2"), List.of("z")), 4, 2, 9, 6, 2);
        PartitionAdvice b = PartitionAdvice.of(p);
        assertEquals("y1+y2", b.s2l().get(0).block());
        assertEquals("y1-z", b.s2l().get(0).merge().orElseThrow().spec(), "2 -> 2 beats 4 -> 6");
        assertEquals(Optional.of("x,y1-z"), b.suggestedSpec());
    }

    @Test
    void tiesGoToTheNextBlock() {
        // b (4 -> 8): a+b gives 4 -> 4 and b+c gives 4 -> 4, both E2E.
        PartitionAdvice a = PartitionAdvice.of(chain(List.of("a", "b", "c"), 4, 4, 8, 4));
        assertEquals("b+c", a.s2l().get(0).merge().orElseThrow().spec());
    }

    @Test
    void noS2lNoAdvice() {
        PartitionAdvice a = PartitionAdvice.of(chain(List.of("a", "b", "c"), 9, 9, 5, 2));
        assertTrue(a.s2l().isEmpty());
        assertTrue(a.suggestedSpec().isEmpty());
        PartitionAdvice single = PartitionAdvice.of(chain(List.of("a"), 3, 7));
        assertEquals(1, single.s2l().size());
        assertTrue(single.s2l().get(0).merge().isEmpty());
        assertTrue(single.s2l().get(0).removal().isEmpty(), "nothing to merge with");
    }

    @Test
    void randomChainsKeepTheRulesInvariants() {
        Random r = new Random(20221202);
        for (int trial = 0; trial < 500; trial++) {
            int m = 1 + r.nextInt(8);
            int[] w = new int[m + 1];
            List<String> names = new ArrayList<>();
            for (int k = 0; k <= m; k++) {
                w[k] = 1 + r.nextInt(50);
                if (k < m) {
                    names.add("L" + k);
                }
            }
            BlockPartition p = chain(names, w);
            PartitionAdvice a = PartitionAdvice.of(p);
            long s2l = p.blocks().stream().filter(b -> b.kind() == BlockKind.S2L).count();
            assertEquals(s2l, a.s2l().size());
            boolean anyMerge = false;
            for (PartitionAdvice.S2lBlock s : a.s2l()) {
                int i = s.index();
                if (s.merge().isPresent()) {
                    anyMerge = true;
                    PartitionAdvice.Merge g = s.merge().get();
                    assertTrue(g.firstBlock() <= i && i <= g.lastBlock());
                    assertTrue(g.excess() < s.excess(), "a merge lowers the excess");
                    assertEquals(w[g.firstBlock()], g.nIn());
                    assertEquals(w[g.lastBlock() + 1], g.nOut());
                    if (g.excess() > 0) {
                        // A local minimum: no single further neighbour lowers it.
                        if (g.firstBlock() > 0) {
                            assertTrue(Math.max(0, w[g.lastBlock() + 1] - w[g.firstBlock() - 1]) >= g.excess());
                        }
                        if (g.lastBlock() + 1 < m) {
                            assertTrue(Math.max(0, w[g.lastBlock() + 2] - w[g.firstBlock()]) >= g.excess());
                        }
                    }
                } else {
                    // No single neighbour helps.
                    assertFalse(i > 0 && Math.max(0, w[i + 1] - w[i - 1]) < s.excess());
                    assertFalse(i + 1 < m && Math.max(0, w[i + 2] - w[i]) < s.excess());
                }
                if (s.removal().isPresent()) {
                    PartitionAdvice.Merge g = s.removal().get();
                    assertEquals(0, g.excess());
                    for (int size = 2; size < g.blocks(); size++) {
                        for (int first = Math.max(0, i - size + 1); first <= i && first + size <= m; first++) {
                            assertTrue(w[first + size] > w[first], "no smaller run removes it");
                        }
                    }
                }
            }
            assertEquals(anyMerge, a.suggestedSpec().isPresent());
            if (anyMerge) {
                // The spec covers every layer once, in order, with boundaries the partition already has.
                String spec = a.suggestedSpec().get();
                List<String> seen = new ArrayList<>();
                for (String part : spec.split(",")) {
                    String[] ends = part.split("[-+]");
                    int from = names.indexOf(ends[0]);
                    int to = names.indexOf(ends[ends.length - 1]);
                    assertEquals(seen.size(), from, spec);
                    for (int k = from; k <= to; k++) {
                        seen.add(names.get(k));
                    }
                }
                assertEquals(names, seen, spec);
            }
        }
    }
}
