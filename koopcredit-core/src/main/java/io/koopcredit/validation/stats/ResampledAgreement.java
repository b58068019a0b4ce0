package io.koopcredit.validation.stats;

import io.koopcredit.base.Seeds;
import io.koopcredit.stats.Statistics;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * How orderings of items agree with the damages the items do, with {@link CorrelationInterval}s from a
 * bootstrap over the held-out samples. The items may be split into groups (the kernels of each
 * convolution): the agreement is then the mean over the groups of the within-group coefficients (groups
 * where a coefficient is undefined, all damages tied for instance, are left out of the mean). Resample r draws its sample indices from
 * {@code Seeds.generator(seed, stream, r)}: the same resamples for every ordering and damage measure, and
 * the same numbers whatever runs in parallel elsewhere.
 */
public final class ResampledAgreement {

    /** The confidence level of the intervals: the 2.5% and 97.5% quantiles. */
    public static final double LEVEL = 0.95;

    private ResampledAgreement() {
    }

    /**
     * The agreement of one ordering with one damage measure.
     *
     * @param correlation Spearman's ρ and Kendall's τ-b over all held-out samples (for groups: the means of
     *     the within-group coefficients; {@code items} counts every item)
     * @param groups groups whose coefficients are defined and averaged (1 without groups, when defined)
     * @param interval their bootstrap intervals
     */
    public record Agreement(RankCorrelation correlation, int groups, CorrelationInterval interval) {
    }

    /** A correlation with the number of groups behind it. */
    private record Grouped(RankCorrelation correlation, int groups) {
    }

    /**
     * @param orderings per ordering, one finite value per item (e.g. log credits); not modified
     * @param damages per item, its damage sample by sample; not modified
     * @param groups per item, its group (e.g. its convolution), or null for one group of all items; not
     *     modified
     * @param measure which damage
     * @param heldOut held-out samples the damages were measured on
     * @param resamples bootstrap resamples (0: no interval)
     * @param seed the analysis seed
     * @param stream the bootstrap's stream, apart from every other use of the seed
     * @return per ordering, in order, its agreement with the damages (snapped to ties as {@link Ties#snap}
     *     with the damage tolerances)
     */
    public static List<Agreement> of(List<double[]> orderings, List<SampleDamage> damages, int[] groups,
                                     DamageMeasure measure, int heldOut, int resamples, long seed, long stream) {
        int items = damages.size();
        for (double[] o : orderings) {
            if (o.length != items) {
                throw new IllegalArgumentException(o.length + " values for " + items + " items");
            }
        }
        if (groups != null && groups.length != items) {
            throw new IllegalArgumentException(groups.length + " groups for " + items + " items");
        }
        List<Grouped> full = new ArrayList<>();
        double[] y = damages(damages, measure, null);
        for (double[] o : orderings) {
            full.add(y == null ? new Grouped(RankCorrelation.undefined(items, "a damage is undefined"), 0)
                    : correlation(o, y, groups));
        }
        List<List<Double>> rho = new ArrayList<>();
        List<List<Double>> tau = new ArrayList<>();
        orderings.forEach(o -> {
            rho.add(new ArrayList<>());
            tau.add(new ArrayList<>());
        });
        int[] sample = new int[heldOut];
        for (int r = 0; r < resamples; r++) {
            SplittableRandom rng = Seeds.generator(seed, stream, r);
            for (int k = 0; k < heldOut; k++) {
                sample[k] = rng.nextInt(heldOut);
            }
            double[] yr = damages(damages, measure, sample);
            if (yr == null) {
                continue;
            }
            for (int o = 0; o < orderings.size(); o++) {
                RankCorrelation c = correlation(orderings.get(o), yr, groups).correlation();
                if (c.defined()) {
                    rho.get(o).add(c.spearman());
                    tau.get(o).add(c.kendall());
                }
            }
        }
        List<Agreement> out = new ArrayList<>();
        for (int o = 0; o < orderings.size(); o++) {
            out.add(new Agreement(full.get(o).correlation(), full.get(o).groups(),
                    interval(rho.get(o), tau.get(o), resamples)));
        }
        return out;
    }

    /** @return ρ and τ-b of x and y, or the means of the within-group coefficients */
    private static Grouped correlation(double[] x, double[] y, int[] groups) {
        if (groups == null) {
            RankCorrelation c = RankCorrelation.of(x, y);
            return new Grouped(c, c.defined() ? 1 : 0);
        }
        TreeMap<Integer, List<Integer>> members = new TreeMap<>();
        for (int i = 0; i < groups.length; i++) {
            members.computeIfAbsent(groups[i], g -> new ArrayList<>()).add(i);
        }
        double rho = 0;
        double tau = 0;
        int defined = 0;
        for (List<Integer> m : members.values()) {
            RankCorrelation c = RankCorrelation.of(m.stream().mapToDouble(i -> x[i]).toArray(),
                    m.stream().mapToDouble(i -> y[i]).toArray());
            if (c.defined()) {
                rho += c.spearman();
                tau += c.kendall();
                defined++;
            }
        }
        if (defined == 0) {
            return new Grouped(RankCorrelation.undefined(x.length, "no group of the " + members.size()
                    + " has a defined agreement"), 0);
        }
        return new Grouped(new RankCorrelation(x.length, rho / defined, tau / defined, null), defined);
    }

    private static CorrelationInterval interval(List<Double> rho, List<Double> tau, int resamples) {
        int defined = rho.size();
        if (defined < CorrelationInterval.MIN_DEFINED) {
            return new CorrelationInterval(resamples, defined, LEVEL, null, null, null, null, defined
                    + " of " + resamples + " resamples have a defined agreement; an interval needs "
                    + CorrelationInterval.MIN_DEFINED);
        }
        double lo = (1 - LEVEL) / 2;
        double hi = (1 + LEVEL) / 2;
        double[] r = rho.stream().mapToDouble(Double::doubleValue).toArray();
        double[] t = tau.stream().mapToDouble(Double::doubleValue).toArray();
        return new CorrelationInterval(resamples, defined, LEVEL, Statistics.quantile(r, lo),
                Statistics.quantile(r, hi), Statistics.quantile(t, lo), Statistics.quantile(t, hi), null);
    }

    /** @return the items' damages over the samples, snapped to ties, or null if one is undefined */
    private static double[] damages(List<SampleDamage> damages, DamageMeasure measure, int[] samples) {
        double[] y = new double[damages.size()];
        for (int i = 0; i < y.length; i++) {
            Double d = damages.get(i).damage(measure, samples);
            if (d == null) {
                return null;
            }
            y[i] = d;
        }
        return Ties.snap(y, Ties.DAMAGE_RELATIVE, Ties.DAMAGE_ABSOLUTE);
    }
}
