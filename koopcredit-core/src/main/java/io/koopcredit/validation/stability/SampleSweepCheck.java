package io.koopcredit.validation.stability;

import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditAnalysis;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.ProgressListener;
import io.koopcredit.model.Network;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Credits across the number of fitting samples N: the analysis rerun with the first N fitting samples
 * (same seed, trials and every other option), each ranking compared with the analysis's.
 */
public final class SampleSweepCheck {
    private SampleSweepCheck() {
    }

    /**
     * @param network the network; not closed here
     * @param base the analysis being validated; not modified
     * @param data data with at least the largest N of the sweep as fitting samples; not modified
     * @param sweep the N values, increasing; not modified
     * @param progress hears each rerun as stage {@code N=<n> <stage>}
     * @return the sweep
     */
    public static SampleSweep run(Network network, CreditResult base, AnalysisData data, List<Integer> sweep,
                           ProgressListener progress) {
        AnalysisOptions o = base.options();
        Double[] reference = credits(base);
        List<SamplePoint> points = new ArrayList<>();
        for (int n : sweep) {
            boolean reused = n == o.samples();
            Double[] c;
            if (reused) {
                c = reference;
            } else {
                String stage = "N=" + n + " ";
                c = credits(CreditAnalysis.run(network, data.firstFitSamples(n), o.withSamples(n),
                        (s, done, total) -> progress.update(stage + s, done, total)));
            }
            points.add(new SamplePoint(n, Arrays.asList(c),
                    SeedStabilityCheck.correlate(c, reference), reused));
        }
        return new SampleSweep(o.samples(), points);
    }

    private static Double[] credits(CreditResult r) {
        List<BlockResult> blocks = r.blocks();
        Double[] out = new Double[blocks.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = blocks.get(i).credit() == null ? null : blocks.get(i).credit().logCredit();
        }
        return out;
    }
}
