package io.koopcredit.cli;

import io.koopcredit.base.InputException;
import io.koopcredit.base.InvalidOptionException;
import java.util.Map;

/**
 * The command line's names for the library's options. The library names an option by its API name in
 * {@link InvalidOptionException} ("samples: expected >= 1, found 0"); the command line shows the flag the
 * user typed ("--samples: expected >= 1, found 0").
 */
final class Flags {
    private static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("samples", "--samples"), Map.entry("holdout", "--holdout"), Map.entry("trials", "--trials"),
            Map.entry("seed", "--seed"), Map.entry("rank", "--rank"), Map.entry("alignment", "--alignment"),
            Map.entry("steps", "--steps"), Map.entry("precision", "--precision"),
            Map.entry("components", "--components"), Map.entry("affine", "--affine"),
            Map.entry("estimator", "--estimator"), Map.entry("creditTolerance", "--credit-tolerance"),
            Map.entry("threads", "--threads"), Map.entry("blocks", "--blocks"), Map.entry("seeds", "--seeds"),
            Map.entry("sampleSweep", "--sample-sweep"), Map.entry("ablationSamples", "--ablation-samples"),
            Map.entry("bootstrap", "--bootstrap"), Map.entry("trialSweep", "the trial sweep"),
            Map.entry("memory", "--memory"), Map.entry("formulation", "--formulation"),
            Map.entry("classes", "--classes"),
            Map.entry("lesionBlocks", "--lesion-blocks"), Map.entry("pruning", "--pruning"),
            Map.entry("pruningFractions", "--pruning-fractions"), Map.entry("pruningSeeds", "--pruning-seeds"));

    private Flags() {
    }

    /**
     * @param e a user error from the library
     * @return its message, with the option's API name replaced by its flag
     */
    static String message(InputException e) {
        String m = e.getMessage();
        if (e instanceof InvalidOptionException o) {
            String flag = FLAGS.get(o.option());
            if (flag != null && m.startsWith(o.option())) {
                return flag + m.substring(o.option().length());
            }
        }
        return m;
    }

    /**
     * @param option an API name
     * @return its flag, or the name itself if the command line has none
     */
    static String of(String option) {
        return FLAGS.getOrDefault(option, option);
    }
}
