package io.koopcredit.model;

import java.util.List;
import java.util.Objects;

/**
 * A block B_i of the paper's block partition (Section III.A): one layer or several consecutive layers,
 * treated as a black box f_i from R^nIn to R^nOut.
 *
 * @param index position in the partition, from 0
 * @param name the block's name: its layer's name, or the first and last layer names joined
 * @param layers the consecutive layers inside, in order; shapes must chain
 */
public record Block(int index, String name, List<Layer> layers) {

    /** Validates that the layers chain (each output shape is the next input's size). */
    public Block {
        Objects.requireNonNull(name, "name");
        layers = List.copyOf(layers);
        if (index < 0) {
            throw new IllegalArgumentException("block index must be >= 0, found " + index);
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("block " + name + " holds no layers");
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i - 1).nOut() != layers.get(i).nIn()) {
                throw new IllegalArgumentException("block " + name + ": layer " + layers.get(i - 1).name()
                        + " gives " + layers.get(i - 1).nOut() + " values but " + layers.get(i).name()
                        + " takes " + layers.get(i).nIn());
            }
        }
    }

    /** @return shape of one input sample */
    public TensorShape inputShape() {
        return layers.get(0).inputShape();
    }

    /** @return shape of one output sample */
    public TensorShape outputShape() {
        return layers.get(layers.size() - 1).outputShape();
    }

    /** @return input width nIn */
    public int nIn() {
        return inputShape().size();
    }

    /** @return output width nOut */
    public int nOut() {
        return outputShape().size();
    }

    /** @return the paper's kind of this block (S2L, L2S or E2E) */
    public BlockKind kind() {
        return BlockKind.of(nIn(), nOut());
    }

    /** @return trainable parameters of all layers inside */
    public long params() {
        return layers.stream().mapToLong(Layer::params).sum();
    }

    /**
     * The smallest layer width of the dimension-aligned block, the paper's {@code d} (Section III.C): the
     * minimum over the outputs of the block's layers and the alignment layer, whose width is nIn.
     *
     * @return d, so that step-delay embedding takes 2d steps (2d+1 states)
     */
    public int smallestWidth() {
        int d = nIn();
        for (Layer l : layers) {
            d = Math.min(d, l.nOut());
        }
        return d;
    }

    /**
     * The relative perturbation of the block's output by its evaluation with unit roundoff u is about
     * {@code u · (1 + roundingGrowth())}: the rounding of the input plus the growth of every layer inside.
     *
     * @return Σ of the layers' rounding growths
     */
    public double roundingGrowth() {
        return layers.stream().mapToDouble(Layer::roundingGrowth).sum();
    }

    /** @return the operator types of all layers, in order */
    public List<String> ops() {
        return layers.stream().flatMap(l -> l.ops().stream()).toList();
    }

    /** @return true if any layer inside is a convolution */
    public boolean hasConvolution() {
        return layers.stream().anyMatch(l -> l.type() == LayerType.CONV);
    }
}
