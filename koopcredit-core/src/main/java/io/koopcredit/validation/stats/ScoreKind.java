package io.koopcredit.validation.stats;

/** What the score of an ablated network is. */
public enum ScoreKind {
    /** Accuracy on the held-out labels. */
    ACCURACY("accuracy"),
    /** Without labels: the fraction of held-out samples whose prediction equals the unablated network's. */
    AGREEMENT("agreement");

    private final String spec;

    ScoreKind(String spec) {
        this.spec = spec;
    }

    /** @return the name in the JSON and the summary */
    public String spec() {
        return spec;
    }
}
