package io.koopcredit.validation.randomization;

import java.util.List;

/** The outcome of a check with a pass criterion. */
public enum Verdict {
    /** The criterion holds. */
    PASS,
    /** The criterion fails: the reasons say how. */
    FAIL,
    /** The criterion cannot be evaluated (e.g. no block had a credit to compare); the reasons say why. */
    UNDETERMINED;

    /**
     * Combines the verdicts of several steps: any FAIL fails; else any UNDETERMINED leaves it
     * undetermined; else PASS. No steps at all is UNDETERMINED.
     *
     * @param verdicts the steps' verdicts; not modified
     * @return the combined verdict
     */
    public static Verdict all(List<Verdict> verdicts) {
        if (verdicts.isEmpty()) {
            return UNDETERMINED;
        }
        if (verdicts.contains(FAIL)) {
            return FAIL;
        }
        return verdicts.contains(UNDETERMINED) ? UNDETERMINED : PASS;
    }
}
