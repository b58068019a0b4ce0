package io.koopcredit.model;

import java.util.List;

/**
 * A trained feed-forward network, read as a chain of layers with safe cut points between some of them.
 * Owns native resources: close it when done.
 */
public interface Network extends AutoCloseable {

    /** @return facts about the model file */
    ModelInfo info();

    /** @return the credited layers, in execution order */
    List<Layer> layers();

    /** @return trailing layers excluded from credit (a final Softmax), possibly empty */
    List<Layer> excluded();

    /**
     * Cuts the network into blocks.
     *
     * @param spec a partition spec such as {@code conv1+pool1,conv2+pool2,dense1-dense3}; {@code null} or
     *     blank gives the default partition: one block per layer, except where a layer boundary is not a
     *     safe cut (then the layers on both sides share a block)
     * @return the partition
     * @throws io.koopcredit.InputException if the spec is invalid, overlapping, out of order, does not
     *     cover the network, or cuts where no safe cut exists
     */
    BlockPartition partition(String spec);

    /**
     * Builds the runnable blocks of a partition of this network.
     *
     * @param partition a partition made by {@link #partition(String)} of this network
     * @return the runnable network; the caller closes it
     */
    PartitionedNetwork compile(BlockPartition partition);

    /** Releases native resources. Idempotent. */
    @Override
    void close();
}
