package io.koopcredit.model;

import java.util.Objects;

/**
 * One kernel of a convolution: output channel {@code channel} of the convolution anchoring layer
 * {@code layer} (its slice of the weight tensor and its bias).
 *
 * @param layer the convolution's layer name ({@link Convolution#layer()})
 * @param channel the output channel, from 0
 */
public record ConvKernel(String layer, int channel) {
    /**
     * Validates.
     *
     * @param layer the record's {@code layer}
     * @param channel the record's {@code channel}
     */
    public ConvKernel {
        Objects.requireNonNull(layer, "layer");
        if (channel < 0) {
            throw new IllegalArgumentException("kernel of " + layer + ": channel must be >= 0, found " + channel);
        }
    }
}
