package io.koopcredit.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Advice on a partition from the paper's Remark after Theorem 4: the dimension alignment of an S2L block
 * (nIn &lt; nOut) cannot do better than ‖BA − I‖_F = √(nOut − nIn), so L2S and E2E blocks are preferred
 * and, where an S2L block is inevitable, the partition should make the difference nOut − nIn (its
 * <em>excess</em>) small.
 *
 * <p>The rule, for each S2L block of the partition (merging only whole blocks of it, so every suggested
 * block boundary is a boundary the partition already has, hence a safe cut):
 * <ol>
 *   <li><b>Merge</b>: starting from the block alone, repeatedly absorb the previous or the next block,
 *       whichever gives the smaller excess (ties: the smaller |nOut − nIn|, then the next block), as long
 *       as that strictly lowers the excess and the excess is not yet zero. This is a local descent: it
 *       stops at the first neighbour that does not help, so it never trades many blocks for a small gain.
 *       LeNet-5's conv1 (784 → 4704) absorbs pool1 (784 → 1176, still S2L but 392 instead of 3920) and
 *       stops, since absorbing conv2 would raise the excess to 816; conv2 (1176 → 1600) absorbs pool2
 *       (1176 → 400, L2S).</li>
 *   <li><b>Removal</b>, reported as information when the merge does not already remove the S2L: the
 *       smallest run of consecutive blocks containing the block whose merge is not S2L (ties: the smaller
 *       |nOut − nIn|, then the run that starts later), if any.</li>
 *   <li>The <b>suggested partition</b> applies every merge; merges that overlap become one block. Its
 *       spec names layers ({@code a}, {@code a+b}, {@code first-last}), so it can be pasted as
 *       {@code --blocks}.</li>
 * </ol>
 *
 * @param s2l one entry per S2L block of the partition, in order
 * @param suggestedSpec the partition with every merge applied, as a {@code --blocks} spec; empty if no merge
 *     helps
 */
public record PartitionAdvice(List<S2lBlock> s2l, Optional<String> suggestedSpec) {

    /** Validates and copies. */
    public PartitionAdvice {
        s2l = List.copyOf(s2l);
        Objects.requireNonNull(suggestedSpec, "suggestedSpec");
    }

    /**
     * A run of consecutive blocks of the partition, merged.
     *
     * @param spec the run as one {@code --blocks} part, in layer names ({@code conv1+pool1}, {@code conv1-pool2})
     * @param firstBlock index of its first block in the partition
     * @param lastBlock index of its last block (at least {@code firstBlock})
     * @param nIn the merged block's input width
     * @param nOut its output width
     */
    public record Merge(String spec, int firstBlock, int lastBlock, int nIn, int nOut) {
        /** Validates the fields. */
        public Merge {
            Objects.requireNonNull(spec, "spec");
            if (firstBlock < 0 || lastBlock < firstBlock || nIn < 1 || nOut < 1) {
                throw new IllegalArgumentException("bad merge " + spec + ": blocks " + firstBlock + ".." + lastBlock
                        + ", widths " + nIn + " -> " + nOut);
            }
        }

        /** @return how many blocks of the partition it merges */
        public int blocks() {
            return lastBlock - firstBlock + 1;
        }

        /** @return the merged block's kind */
        public BlockKind kind() {
            return BlockKind.of(nIn, nOut);
        }

        /** @return max(0, nOut − nIn) */
        public int excess() {
            return Math.max(0, nOut - nIn);
        }
    }

    /**
     * One S2L block and what would lower its excess.
     *
     * @param block the block's name
     * @param index its index in the partition
     * @param nIn its input width
     * @param nOut its output width (larger than nIn)
     * @param merge the merge the rule suggests, if a neighbour lowers the excess
     * @param removal the smallest run that is not S2L, if the merge is not already one and such a run exists
     */
    public record S2lBlock(String block, int index, int nIn, int nOut, Optional<Merge> merge,
                           Optional<Merge> removal) {
        /** Validates the fields. */
        public S2lBlock {
            Objects.requireNonNull(block, "block");
            Objects.requireNonNull(merge, "merge");
            Objects.requireNonNull(removal, "removal");
            if (nIn >= nOut) {
                throw new IllegalArgumentException("block " + block + " is not S2L: " + nIn + " -> " + nOut);
            }
        }

        /** @return nOut − nIn */
        public int excess() {
            return nOut - nIn;
        }
    }

    /**
     * @param partition a partition; not modified
     * @return the advice on its S2L blocks
     */
    public static PartitionAdvice of(BlockPartition partition) {
        Objects.requireNonNull(partition, "partition");
        List<Block> blocks = partition.blocks();
        List<S2lBlock> out = new ArrayList<>();
        int[] mergedInto = new int[blocks.size()];
        for (int i = 0; i < mergedInto.length; i++) {
            mergedInto[i] = i;
        }
        boolean any = false;
        for (Block b : blocks) {
            if (b.kind() != BlockKind.S2L) {
                continue;
            }
            Optional<Merge> merge = descend(blocks, b.index());
            Optional<Merge> removal = merge.isPresent() && merge.get().excess() == 0 ? Optional.empty()
                    : removal(blocks, b.index());
            out.add(new S2lBlock(b.name(), b.index(), b.nIn(), b.nOut(), merge, removal));
            if (merge.isPresent()) {
                any = true;
                for (int k = merge.get().firstBlock() + 1; k <= merge.get().lastBlock(); k++) {
                    mergedInto[k] = -1;
                }
            }
        }
        if (!any) {
            return new PartitionAdvice(out, Optional.empty());
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int k = 1; k <= blocks.size(); k++) {
            if (k == blocks.size() || mergedInto[k] >= 0) {
                parts.add(part(blocks, start, k - 1));
                start = k;
            }
        }
        return new PartitionAdvice(out, Optional.of(String.join(",", parts)));
    }

    /**
     * @param layers consecutive layers; not modified
     * @return them as one part of a {@code --blocks} spec: {@code a}, {@code a+b} or {@code first-last}
     */
    public static String part(List<Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a part needs at least one layer");
        }
        String first = layers.get(0).name();
        String last = layers.get(layers.size() - 1).name();
        return layers.size() == 1 ? first : first + (layers.size() == 2 ? "+" : "-") + last;
    }

    private static String part(List<Block> blocks, int first, int last) {
        List<Layer> layers = new ArrayList<>();
        for (int k = first; k <= last; k++) {
            layers.addAll(blocks.get(k).layers());
        }
        return part(layers);
    }

    private static Merge merge(List<Block> blocks, int first, int last) {
        return new Merge(part(blocks, first, last), first, last, blocks.get(first).nIn(), blocks.get(last).nOut());
    }

    /** The local descent of the excess from block i (rule 1). */
    private static Optional<Merge> descend(List<Block> blocks, int i) {
        Merge current = merge(blocks, i, i);
        while (current.excess() > 0) {
            Merge best = null;
            if (current.lastBlock() + 1 < blocks.size()) {
                best = merge(blocks, current.firstBlock(), current.lastBlock() + 1);
            }
            if (current.firstBlock() > 0) {
                Merge back = merge(blocks, current.firstBlock() - 1, current.lastBlock());
                if (best == null || better(back, best)) {
                    best = back;
                }
            }
            if (best == null || best.excess() >= current.excess()) {
                break;
            }
            current = best;
        }
        return current.blocks() == 1 ? Optional.empty() : Optional.of(current);
    }

    /** The smallest run around block i that is not S2L (rule 2). */
    private static Optional<Merge> removal(List<Block> blocks, int i) {
        for (int size = 2; size <= blocks.size(); size++) {
            Merge best = null;
            for (int first = Math.max(0, i - size + 1); first <= i && first + size <= blocks.size(); first++) {
                Merge m = merge(blocks, first, first + size - 1);
                if (m.excess() == 0 && (best == null || !better(best, m))) {
                    best = m;
                }
            }
            if (best != null) {
                return Optional.of(best);
            }
        }
        return Optional.empty();
    }

    /** @return true if a is strictly better than b: smaller excess, then smaller |nOut − nIn| */
    private static boolean better(Merge a, Merge b) {
        if (a.excess() != b.excess()) {
            return a.excess() < b.excess();
        }
        return Math.abs(a.nOut() - a.nIn()) < Math.abs(b.nOut() - b.nIn());
    }
}
