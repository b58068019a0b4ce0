package io.koopcredit.report;

import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.BlockStatus;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.GlobalFidelity;
import io.koopcredit.report.chart.Numbers;
import io.koopcredit.stats.Statistics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The prose of a section: the at-a-glance cards, "how to read this", and warnings about values that must
 * not be trusted. Every number quoted comes from the result.
 */
final class ReadingGuide {
    /**
     * Below this agreement the product operator disagrees with the network on most samples, so its rows
     * (the feature weights) do not describe the network's decisions; "most" is the honest threshold.
     */
    static final double LOW_AGREEMENT = 0.5;

    private ReadingGuide() {
    }

    /**
     * @param h where the cards go
     * @param r the analysis
     */
    static void cards(Html h, CreditResult r) {
        h.open("div", "class", "cards").nl();
        long credited = r.blocks().stream().filter(b -> b.credit() != null).count();
        card(h, "blocks", Integer.toString(r.blocks().size()), credited + " with a credit");
        BlockResult top = r.blocks().stream().filter(b -> b.creditRank() != null && b.creditRank() == 1).findFirst()
                .orElse(null);
        card(h, "most credit", top == null ? Numbers.MISSING : top.name(),
                top == null ? "no block has a credit" : "log credit " + Numbers.format(top.credit().logCredit()));
        double[] fid = fidelities(r);
        long bad = r.blocks().stream().filter(b -> BlockTables.untrusted(b.fidelity())).count();
        card(h, "median block fidelity", fid.length == 0 ? Numbers.MISSING : Numbers.format(Statistics.median(fid)),
                bad + " of " + r.blocks().size() + " blocks above 1");
        GlobalFidelity g = r.global();
        card(h, "K agrees with the network", g == null ? Numbers.MISSING : Numbers.percent(g.agreement()),
                g == null ? "some block has no operator" : accuracies(g));
        h.close("div").nl();
    }

    /**
     * @param h where the callout goes
     * @param r the analysis
     */
    static void howToRead(Html h, CreditResult r) {
        h.open("div", "class", "callout").element("h4", "How to read this").nl();
        h.open("p").text("Each block B_i of the network is replaced by a linear (Koopman) operator K_i fitted to how"
                + " the block maps its inputs to its outputs (estimator " + r.options().estimator().spec() + ": "
                + r.options().estimator().description() + "). ");
        h.element("strong", "Log credit").text(" = log |det K_i|, computed as the log pseudo-determinant: the sum of"
                + " the natural logs of K_i's non-zero singular values, i.e. how strongly the block's linear model"
                + " scales volume (Section III.D). Higher = more credit; the credit rank orders the blocks from #1"
                + " (most credit) down. A difference of 1 is a factor e ≈ 2.7 in volume scale. Per dim divides by the"
                + " number of singular values kept, so blocks of different widths compare.").close("p").nl();
        h.open("p").element("strong", "Fidelity").text(" says how far each linearization can be trusted: the median"
                + " relative error ‖K_i x − f_i(x)‖ / ‖f_i(x)‖ on held-out samples; 0 = perfect, 1 = no better than"
                + " predicting zero. " + fidelitySummary(r)).close("p").nl();
        h.open("p").element("strong", "Feature weights").text(" are the rows of K = K_m⋯K_1 laid out like the input:"
                + " row c weighs every input value for class c. They describe the network only as far as K agrees"
                + " with it (see global fidelity).").close("p").nl();
        h.close("div").nl();
    }

    /**
     * @param h where warnings go (nothing is written when there is none)
     * @param r the analysis
     */
    static void warnings(Html h, CreditResult r) {
        List<String> items = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (BlockResult b : r.blocks()) {
            if (BlockTables.untrusted(b.fidelity())) {
                bad.add(b.name() + " (" + Numbers.format(b.fidelity().median()) + ")");
            }
        }
        if (!bad.isEmpty()) {
            items.add("Fidelity above 1 for " + String.join(", ", bad) + ": the linear model is worse than predicting"
                    + " zero; credit values of " + (bad.size() == 1 ? "this block" : "these blocks")
                    + " are not trustworthy.");
        }
        for (BlockResult b : r.blocks()) {
            if (b.status() != BlockStatus.OK) {
                items.add("No credit for " + b.name() + " (" + b.status().name().toLowerCase(Locale.ROOT) + "): "
                        + b.reason() + ".");
            }
        }
        GlobalFidelity g = r.global();
        if (g != null && g.agreement() < LOW_AGREEMENT) {
            items.add("The product K = K_m⋯K_1 agrees with the network's prediction on only "
                    + Numbers.percent(g.agreement()) + " of " + g.samples() + " held-out samples"
                    + (g.networkAccuracy() != null ? " (" + accuracies(g) + ")" : "")
                    + ": as a whole the linear model does not stand in for the network, and the feature weights do"
                    + " not explain its decisions.");
        }
        if (items.isEmpty()) {
            return;
        }
        h.open("div", "class", "callout warn").element("h4", "Read with care").open("ul").nl();
        for (String s : items) {
            h.element("li", s).nl();
        }
        h.close("ul").close("div").nl();
    }

    private static String fidelitySummary(CreditResult r) {
        List<BlockResult> measured = r.blocks().stream().filter(b -> b.fidelity() != null)
                .sorted(Comparator.comparingDouble(b -> b.fidelity().median())).toList();
        if (measured.isEmpty()) {
            return "No block's fidelity could be measured.";
        }
        BlockResult lo = measured.get(0);
        BlockResult hi = measured.get(measured.size() - 1);
        return "Here the block medians run from " + Numbers.format(lo.fidelity().median()) + " (" + lo.name()
                + ") to " + Numbers.format(hi.fidelity().median()) + " (" + hi.name() + "); their median is "
                + Numbers.format(Statistics.median(fidelities(r))) + ".";
    }

    private static String accuracies(GlobalFidelity g) {
        if (g.networkAccuracy() == null || g.operatorAccuracy() == null) {
            return "on " + g.samples() + " held-out samples";
        }
        return "accuracy " + Numbers.percent(g.operatorAccuracy()) + " vs network " + Numbers.percent(g.networkAccuracy());
    }

    private static double[] fidelities(CreditResult r) {
        return r.blocks().stream().filter(b -> b.fidelity() != null).mapToDouble(b -> b.fidelity().median()).toArray();
    }

    private static void card(Html h, String key, String value, String sub) {
        h.open("div", "class", "card").element("div", key, "class", "k").element("div", value, "class", "v")
                .element("div", sub, "class", "s").close("div").nl();
    }
}
