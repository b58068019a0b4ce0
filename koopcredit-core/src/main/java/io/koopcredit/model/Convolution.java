package io.koopcredit.model;

import java.util.List;
import java.util.Objects;

/**
 * One convolution of a network (an ONNX {@code Conv}), its output channels ("kernels"), and how they relate
 * to the blocks of a partition: kernel lesions and pruning zero its channels one by one or in sets, and
 * the kernel credit of its block ranks them when its channel c is the block's output channel c.
 *
 * @param index position among the network's convolutions, from 0, in network order
 * @param layer the name of the layer it anchors (a layer holds at most one convolution, so this names it)
 * @param channels its output channels C (the first extent of its weight tensor)
 * @param channelL1 per output channel c, the L1 norm of its weights {@code Σ |W[c, …]|} (not the bias):
 *     the magnitude criterion of Li et al. (2017, "Pruning Filters for Efficient ConvNets")
 * @param block the name of the block holding it
 * @param blockIndex that block's index in the partition
 * @param blockChannels true if its channel c reaches the block's output channel c through channel-wise
 *     operations only (activations, normalisations, element-wise sums with other tensors of the same
 *     channels, spatial pooling), so that the block's kernel credit of channel c is this kernel's credit
 * @param note why {@code blockChannels} is false (e.g. a later convolution of the block mixes its
 *     channels), null when it is true
 */
public record Convolution(int index, String layer, int channels, List<Double> channelL1, String block, int blockIndex,
                          boolean blockChannels, String note) {

    /**
     * Validates and copies.
     *
     * @param index the record's {@code index}
     * @param layer the record's {@code layer}
     * @param channels the record's {@code channels}
     * @param channelL1 the record's {@code channelL1} (copied; not modified)
     * @param block the record's {@code block}
     * @param blockIndex the record's {@code blockIndex}
     * @param blockChannels the record's {@code blockChannels}
     * @param note the record's {@code note}
     */
    public Convolution {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(block, "block");
        channelL1 = List.copyOf(channelL1);
        if (index < 0 || blockIndex < 0 || channels < 1 || channelL1.size() != channels) {
            throw new IllegalArgumentException("convolution " + layer + ": index " + index + ", block " + blockIndex
                    + ", " + channels + " channels and " + channelL1.size() + " channel norms");
        }
        for (double v : channelL1) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("convolution " + layer + ": an L1 norm is finite and >= 0, found "
                        + v);
            }
        }
        if (blockChannels != (note == null)) {
            throw new IllegalArgumentException("convolution " + layer + ": a note explains exactly why its channels"
                    + " are not its block's");
        }
    }
}
