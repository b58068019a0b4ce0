package io.koopcredit.report.json;

import io.koopcredit.model.Block;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.Layer;
import java.util.List;

/**
 * What {@code koopcredit inspect --format json} prints (schema: {@code docs/schema/inspect.schema.json}).
 *
 * @param model the model file as given
 * @param blocks the blocks of the partition
 * @param excluded trailing layers excluded from credit
 */
public record InspectView(String model, List<BlockView> blocks, List<CreditView.ExcludedView> excluded) {

    /**
     * @param model the model file as given
     * @param partition its blocks; not modified
     * @return the view
     */
    public static InspectView of(String model, BlockPartition partition) {
        return new InspectView(model, partition.blocks().stream().map(BlockView::of).toList(),
                partition.excluded().stream().map(CreditView.ExcludedView::of).toList());
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
