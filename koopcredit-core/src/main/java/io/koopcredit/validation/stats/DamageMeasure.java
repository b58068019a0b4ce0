package io.koopcredit.validation.stats;

/** What the damage of an ablation is measured by. */
public enum DamageMeasure {
    /** The drop of the score (test accuracy, or agreement with the unablated predictions without labels). */
    SCORE_DROP("scoreDrop"),
    /**
     * The mean relative L2 change of the network's outputs, {@code ‖z′ − z‖ / ‖z‖} over the held-out
     * samples with a non-zero output (z: unablated outputs, the logits unless a Softmax is credited).
     */
    OUTPUT_CHANGE("outputChange");

    private final String spec;

    DamageMeasure(String spec) {
        this.spec = spec;
    }

    /** @return the name in the JSON and the summary */
    public String spec() {
        return spec;
    }
}
