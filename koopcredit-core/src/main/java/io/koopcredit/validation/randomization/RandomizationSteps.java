package io.koopcredit.validation.randomization;

import java.util.List;
import java.util.stream.IntStream;

/** Which steps of the cascading re-randomization to run. */
public enum RandomizationSteps {
    /** Every step: the top weight-bearing layer, then the top two, ..., then all of them. */
    CASCADE,
    /** Only the first step (the top layer) and the last (all layers): the reduced run of {@code --quick}. */
    FIRST_AND_LAST;

    /**
     * @param layers the number of weight-bearing layers L
     * @return the steps to run, each the number of top layers randomized, increasing (empty if L = 0)
     */
    public List<Integer> steps(int layers) {
        if (layers < 1) {
            return List.of();
        }
        if (this == FIRST_AND_LAST) {
            return layers == 1 ? List.of(1) : List.of(1, layers);
        }
        return IntStream.rangeClosed(1, layers).boxed().toList();
    }
}
