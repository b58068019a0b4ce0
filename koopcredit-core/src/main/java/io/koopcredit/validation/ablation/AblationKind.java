package io.koopcredit.validation.ablation;

/**
 * How a block is ablated on held-out samples before the rest of the real network runs.
 */
public enum AblationKind {
    /**
     * Knock the block out: its output is replaced by the mean of its real output over the fitting
     * samples, so nothing about the sample passes through it. Agreement means a positive correlation:
     * blocks with more credit do more damage when knocked out.
     */
    KNOCKOUT("knockout", "positive = agreement: blocks with more credit do more damage when knocked out"),
    /**
     * Replace the block by its linearization, the mean operator K_i plus an offset
     * {@code b = mean over the fitting samples of (f_i(x) − K_i·x)} (K_i's linear part; an offset K_i
     * already had is absorbed in b). The credit is computed from this very linear model, so the damage
     * measures how far the model the credit describes is from the block; no sign is predicted, and a
     * positive correlation means that blocks with more credit are worse described by their K_i.
     */
    LINEARIZE("linearize", "positive = blocks with more credit lose more when replaced by their K_i; no sign is "
            + "predicted (the damage measures how far K_i is from the block)");

    private final String spec;
    private final String direction;

    AblationKind(String spec, String direction) {
        this.spec = spec;
        this.direction = direction;
    }

    /** @return the name in the JSON and the summary */
    public String spec() {
        return spec;
    }

    /** @return what a positive correlation between credit and this ablation's damage means */
    public String direction() {
        return direction;
    }
}
