package io.koopcredit.validation.randomization;

import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.CreditAnalysis;
import io.koopcredit.credit.ProgressListener;
import io.koopcredit.model.Network;

/**
 * A way to assign credit, as the randomization check sees it. The check runs the real one,
 * {@link #KOOPMAN}; tests inject others (a method that ignores the weights must fail the check).
 */
@FunctionalInterface
public interface CreditMethod {

    /** The paper's credit assignment, {@link CreditAnalysis#run}. */
    CreditMethod KOOPMAN = (network, data, options, progress) ->
            CreditSnapshot.of(CreditAnalysis.run(network, data, options, progress));

    /**
     * @param network the network; not closed here
     * @param data fitting and held-out samples, as {@link CreditAnalysis#run} takes them; not modified
     * @param options the analysis options
     * @param progress hears how far the method has got
     * @return the credits and feature weights
     */
    CreditSnapshot assign(Network network, AnalysisData data, AnalysisOptions options, ProgressListener progress);
}
