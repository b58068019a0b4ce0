package io.koopcredit.validation.lesion;

import java.util.Objects;

/**
 * One convolution kernel lesioned: its output channel's weights and bias zeroed.
 *
 * @param layer the convolution's layer
 * @param channel the output channel
 * @param block the block holding the convolution
 * @param blockIndex its index in the partition
 * @param importance its kernel credit (when the block's kernel credit ranks this convolution's channels)
 *     and the baselines
 * @param damage what the lesion did
 */
public record KernelLesion(String layer, int channel, String block, int blockIndex, Importance importance,
                           Damage damage) {
    /**
     * Validates.
     *
     * @param layer the record's {@code layer}
     * @param channel the record's {@code channel}
     * @param block the record's {@code block}
     * @param blockIndex the record's {@code blockIndex}
     * @param importance the record's {@code importance}
     * @param damage the record's {@code damage}
     */
    public KernelLesion {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(importance, "importance");
        Objects.requireNonNull(damage, "damage");
        if (channel < 0 || blockIndex < 0) {
            throw new IllegalArgumentException("kernel " + layer + "[" + channel + "] of block " + blockIndex);
        }
    }
}
