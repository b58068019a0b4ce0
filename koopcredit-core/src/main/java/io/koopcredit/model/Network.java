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
     * @throws io.koopcredit.base.InputException if the spec is invalid, overlapping, out of order, does not
     *     cover the network, or cuts where no safe cut exists
     */
    BlockPartition partition(String spec);

    /**
     * @param partition a partition of this network
     * @return samples per run of the full network in
     *     {@link PartitionedNetwork#activations(float[], int, PartitionedNetwork.StoreFactory, int,
     *     java.util.function.IntConsumer)}: a function of the model alone
     */
    default int passBatch(BlockPartition partition) {
        return 256;
    }

    /**
     * Builds the runnable blocks of a partition of this network, computing in float32 like the network.
     *
     * @param partition a partition made by {@link #partition(String)} of this network
     * @return the runnable network; the caller closes it
     */
    default PartitionedNetwork compile(BlockPartition partition) {
        return compile(partition, Precision.FLOAT32, false);
    }

    /**
     * Builds the runnable blocks of a partition of this network.
     *
     * @param partition a partition made by {@link #partition(String)} of this network
     * @param precision the format the blocks compute in ({@link BlockFunction#precision()}); the pass over
     *     the full network that gives every block's real inputs ({@link PartitionedNetwork#activations})
     *     computes as the network does
     * @param fallBack if true, a block that cannot be evaluated in {@code precision} computes in float32
     *     like the network, and says why in {@link BlockFunction#precisionNote()}
     * @return the runnable network; the caller closes it
     * @throws io.koopcredit.base.InputException if a block cannot be evaluated in that precision and
     *     {@code fallBack} is false
     */
    PartitionedNetwork compile(BlockPartition partition, Precision precision, boolean fallBack);

    /**
     * A copy of this network whose chosen layers have re-randomized weights: the randomization sanity
     * check of Adebayo et al. (2018) replaces learned weights by noise of the same scale and asks whether
     * an explanation notices. Each weight tensor of a chosen layer (the weights and biases of its
     * convolution or dense operation) is replaced by i.i.d. N(0, σ²) draws, σ the standard deviation of
     * the tensor's original values, seeded by the seed, the layer's position and the tensor's position
     * alone: a layer gets the same random weights whichever other layers are randomized with it.
     * Implementations document what else they leave alone (normalisation parameters, for example).
     *
     * @param layerNames names of layers (credited or excluded) to re-randomize; not modified
     * @param seed the seed of the random weights
     * @return a new network with the same layers, names and shapes; the caller closes it. This network is
     *     not modified.
     * @throws io.koopcredit.base.InputException if a name is not a layer of this network, or a named layer holds
     *     no weights to re-randomize (a pooling layer, for example)
     */
    Network withRandomizedLayers(List<String> layerNames, long seed);

    /** Releases native resources. Idempotent. */
    @Override
    void close();
}
