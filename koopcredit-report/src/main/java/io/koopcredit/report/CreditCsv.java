package io.koopcredit.report;

import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.KernelCredit;
import java.util.Locale;

/**
 * Writes {@code credits.csv} (one row per block and per convolution kernel) and
 * {@code feature-weights.csv} (one row per class, when the weights are inline). Empty cells stand for undefined values; numbers use
 * Java's shortest round-trip form, the same as in credit.json.
 */
public final class CreditCsv {
    /** Header of credits.csv. */
    public static final String HEADER = "level,block,channel,kind,nIn,nOut,status,logCredit,logCreditPerDim,rank,"
            + "creditRank,logSensitivity,snapshotRank,snapshotCondition,fidelity,fidelityP90";

    private CreditCsv() {
    }

    /**
     * @param result the analysis
     * @return credits.csv: a {@code block} row per block, then a {@code kernel} row per convolution kernel
     */
    public static String credits(CreditResult result) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (BlockResult b : result.blocks()) {
            sb.append(row("block", b.name(), "", b.block().kind().name(), b.block().nIn(), b.block().nOut(),
                    b.status().name().toLowerCase(Locale.ROOT),
                    b.credit() == null ? null : b.credit().logCredit(),
                    b.credit() == null ? null : b.credit().logCreditPerDim(),
                    b.credit() == null ? 0 : b.credit().rank(), b.creditRank(), b.sensitivity().logSensitivity(),
                    b.snapshotRank(), b.snapshotCondition(), b.fidelity() == null ? null : b.fidelity().median(),
                    b.fidelity() == null ? null : b.fidelity().p90()));
        }
        for (BlockResult b : result.blocks()) {
            for (KernelCredit k : b.kernels()) {
                sb.append(row("kernel", b.name(), Integer.toString(k.channel()), b.block().kind().name(),
                        b.block().nIn(), b.block().outputShape().dim(1) * b.block().outputShape().dim(2), "ok",
                        k.logCredit(), k.logCredit() == null ? null : k.logCredit() / k.rank(), k.rank(), null, null,
                        null, null, null, null));
            }
        }
        return sb.toString();
    }

    /**
     * @param result the analysis (with inline feature weights: {@code featureWeights().inline()})
     * @return feature-weights.csv: {@code class,w0,w1,...} with one row per class
     * @throws IllegalStateException if the weights are not inline (too many for a text file: the report
     *     writes feature-weights.npy instead)
     */
    public static String featureWeights(CreditResult result) {
        double[][] w = result.featureWeights().weights();
        StringBuilder sb = new StringBuilder("class");
        for (int j = 0; j < w[0].length; j++) {
            sb.append(",w").append(j);
        }
        sb.append('\n');
        for (int c = 0; c < w.length; c++) {
            sb.append(c);
            for (double v : w[c]) {
                sb.append(',').append(v);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String row(Object... cells) {
        return Csv.row(cells);
    }
}
