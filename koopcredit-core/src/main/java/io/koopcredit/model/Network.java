package io.koopcredit.model;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

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

    /**
     * The network's output on samples: one pass of the whole network up to the end of its last credited
     * layer (the logits when a trailing Softmax is excluded), in float32 as the network computes. Opens an
     * inference session for the call and closes it.
     *
     * @param samples {@code count * inputSize} values, sample after sample, already preprocessed; not modified
     * @param count number of samples, at least 1
     * @return {@code count * outputSize} values, sample after sample
     * @throws io.koopcredit.base.InputException if the network computes a non-finite value on these samples
     */
    double[] outputs(float[] samples, int count);

    /**
     * The convolutions of the credited layers, in network order, with their kernels' weight norms and how
     * their channels map onto the blocks of a partition.
     *
     * @param partition a partition made by {@link #partition(String)} of this network
     * @return the convolutions (empty when there are none)
     */
    List<Convolution> convolutions(BlockPartition partition);

    /**
     * How strongly each convolution's feature maps respond on samples: per convolution (in the order of
     * {@link #convolutions}) and output channel, the mean absolute value of its feature map over the
     * samples and positions. The feature map is the convolution's output, after the activation that
     * follows it when the convolution feeds only that one element-wise node (Conv → ReLU: the ReLU's
     * output).
     *
     * @param samples {@code count * inputSize} values, sample after sample, already preprocessed; not modified
     * @param count number of samples, at least 1
     * @return one array of C values per convolution
     */
    List<double[]> featureMapActivity(float[] samples, int count);

    /**
     * Whether a block is one residual unit (see {@link ResidualUnit} for the structure recognised).
     *
     * @param block a block of a partition of this network
     * @return the unit, or empty if the block is not one residual unit
     */
    Optional<ResidualUnit> residualUnit(Block block);

    /**
     * @param block a block of a partition of this network
     * @return the unit
     * @throws io.koopcredit.base.InputException if the block is not one residual unit, saying what was
     *     expected and what the block holds
     */
    ResidualUnit requireResidualUnit(Block block);

    /**
     * A copy of this network with one residual unit lesioned: its branch is removed and the block computes
     * what follows its joining Add on the shortcut alone ({@code g(shortcut(x))}, e.g.
     * {@code ReLU(x)} for an identity shortcut, {@code ReLU(proj(x))} for a projection). The rest of the
     * network is unchanged. The copy's layers differ from this network's (the branch's layers are gone).
     *
     * @param block a block of a partition of this network
     * @return the lesioned network; the caller closes it. This network is not modified.
     * @throws io.koopcredit.base.InputException if the block is not one residual unit
     */
    Network withUnitLesion(Block block);

    /**
     * A copy of this network with chosen convolution kernels zeroed: for each, the output channel's slice
     * of the convolution's weights and its bias are set to 0, so that the convolution outputs 0 on that
     * channel. A weight tensor shared by several convolutions is zeroed for all of them (it is one
     * parameter).
     *
     * @param kernels the kernels to zero; not modified
     * @return the pruned network, with this network's layers, names and shapes; the caller closes it. This
     *     network is not modified.
     * @throws IllegalArgumentException if a kernel names no convolution of this network or a channel it
     *     does not have
     */
    Network withZeroedKernels(Collection<ConvKernel> kernels);

    /** Releases native resources. Idempotent. */
    @Override
    void close();
}
