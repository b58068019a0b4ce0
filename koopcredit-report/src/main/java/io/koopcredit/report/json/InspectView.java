package io.koopcredit.report.json;

import io.koopcredit.model.Block;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.Layer;
import io.koopcredit.model.PartitionAdvice;
import java.util.List;

/**
 * What {@code koopcredit inspect --format json} prints (schema: {@code docs/schema/inspect.schema.json}).
 *
 * @param model the model file as given
 * @param blocks the blocks of the partition
 * @param excluded trailing layers excluded from credit
 * @param s2l the S2L blocks and the merges that shrink them (the paper's Remark after Theorem 4)
 * @param suggestedBlocks the partition with every merge applied, as a {@code --blocks} spec, or null
 */
public record InspectView(String model, List<BlockView> blocks, List<CreditView.ExcludedView> excluded,
                          List<S2lView> s2l, String suggestedBlocks) {

    /**
     * @param model the model file as given
     * @param partition its blocks; not modified
     * @param advice the S2L advice for that partition
     * @return the view
     */
    public static InspectView of(String model, BlockPartition partition, PartitionAdvice advice) {
        return new InspectView(model, partition.blocks().stream().map(BlockView::of).toList(),
                partition.excluded().stream().map(CreditView.ExcludedView::of).toList(),
                advice.s2l().stream().map(S2lView::of).toList(), advice.suggestedSpec().orElse(null));
    }

    /**
     * @param block the S2L block's name
     * @param nIn its input width
     * @param nOut its output width
     * @param excess nOut − nIn, the dimensions its alignment loses
     * @param merge the merge that lowers the excess, or null
     * @param removal the fewest blocks whose merge is not S2L (information), or null
     */
    public record S2lView(String block, int nIn, int nOut, int excess, MergeView merge, MergeView removal) {
        static S2lView of(PartitionAdvice.S2lBlock b) {
            return new S2lView(b.block(), b.nIn(), b.nOut(), b.excess(), b.merge().map(MergeView::of).orElse(null),
                    b.removal().map(MergeView::of).orElse(null));
        }
    }

    /**
     * @param blocks the merged blocks as a {@code --blocks} part
     * @param merged how many blocks are merged
     * @param nIn input width of the merge
     * @param nOut output width of the merge
     * @param kind S2L, L2S or E2E
     * @param excess nOut − nIn if positive, else 0
     */
    public record MergeView(String blocks, int merged, int nIn, int nOut, String kind, int excess) {
        static MergeView of(PartitionAdvice.Merge m) {
            return new MergeView(m.spec(), m.blocks(), m.nIn(), m.nOut(), m.kind().name(), m.excess());
        }
    }

    /**
     * @param name block name
     * @param ops ONNX operators
     * @param inputShape one input
     * @param outputShape one output
     * @param nIn input width
     * @param nOut output width
     * @param kind S2L, L2S or E2E
     * @param params trainable parameters
     */
    public record BlockView(String name, List<String> ops, int[] inputShape, int[] outputShape, int nIn, int nOut,
                            String kind, long params) {
        static BlockView of(Block b) {
            return new BlockView(b.name(), b.ops(), b.inputShape().dims(), b.outputShape().dims(), b.nIn(), b.nOut(),
                    b.kind().name(), b.params());
        }
    }
}
