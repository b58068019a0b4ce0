package io.koopcredit.model;

import java.util.List;

/**
 * The paper's block partition B_1, ..., B_m of a network (Section III.A): consecutive blocks that cover
 * every credited layer once, in order. Trailing nodes excluded from credit (a final Softmax) are listed
 * apart.
 *
 * @param blocks the blocks in execution order; block i's output shape equals block i+1's input size
 * @param excluded trailing layers that are not credited (may be empty)
 */
public record BlockPartition(List<Block> blocks, List<Layer> excluded) {

    /** Validates that the blocks chain and are numbered 0..m-1. */
    public BlockPartition {
        blocks = List.copyOf(blocks);
        excluded = List.copyOf(excluded);
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("a partition needs at least one block");
        }
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).index() != i) {
                throw new IllegalArgumentException("block " + blocks.get(i).name() + " has index "
                        + blocks.get(i).index() + ", expected " + i);
            }
            if (i > 0 && blocks.get(i - 1).nOut() != blocks.get(i).nIn()) {
                throw new IllegalArgumentException("block " + blocks.get(i - 1).name() + " gives "
                        + blocks.get(i - 1).nOut() + " values but block " + blocks.get(i).name() + " takes "
                        + blocks.get(i).nIn());
            }
        }
    }

    /** @return the number of blocks m */
    public int size() {
        return blocks.size();
    }

    /** @return block i */
    public Block block(int i) {
        return blocks.get(i);
    }
}
