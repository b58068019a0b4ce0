package io.koopcredit.credit;

import io.koopcredit.koopman.KoopmanOperator;
import io.koopcredit.model.Block;
import io.koopcredit.model.TensorShape;
import java.util.ArrayList;
import java.util.List;

/**
 * Credit of one convolution kernel (Fig. 4(a), "Conv1/Conv2 Kernel Credit"). The paper shows such credits
 * without defining them; this tool uses the definition that is consistent with block credit: a kernel (an
 * output channel c of a convolution block) produces the c-th feature map, a contiguous run of H·W
 * outputs in NCHW order, and its credit is the log pseudo-determinant of the rows of K_i that produce
 * that map, {@code Σ_{σ_j > tol} log σ_j(K_i[rows of c, :])}: the volume scale of the block's linear
 * model restricted to that kernel's output.
 *
 * @param channel the output channel, from 0
 * @param logCredit the kernel's log pseudo-determinant, or null if its rows are zero
 * @param rank the number of singular values in it
 */
public record KernelCredit(int channel, Double logCredit, int rank) {

    /** Validates the values. */
    public KernelCredit {
        if (channel < 0 || rank < 0 || (logCredit == null) != (rank == 0)
                || (logCredit != null && !Double.isFinite(logCredit))) {
            throw new IllegalArgumentException("invalid kernel credit: channel " + channel + ", " + logCredit
                    + ", rank " + rank);
        }
    }

    /**
     * @param block the block
     * @return true if the block holds a convolution and its output has a channel axis (C × H × W)
     */
    public static boolean applies(Block block) {
        return block.hasConvolution() && block.outputShape().rank() == 3;
    }

    /**
     * @param block a block for which {@link #applies(Block)} holds
     * @param k its Koopman operator
     * @param tolerance which singular values count as non-zero
     * @return one credit per output channel, in channel order
     */
    public static List<KernelCredit> of(Block block, KoopmanOperator k, CreditTolerance tolerance) {
        TensorShape shape = block.outputShape();
        int channels = shape.dim(0);
        int map = shape.dim(1) * shape.dim(2);
        List<KernelCredit> out = new ArrayList<>(channels);
        for (int c = 0; c < channels; c++) {
            double[] s = k.rank() == 0 ? new double[0] : k.rowBlockSingularValues(c * map, (c + 1) * map);
            final int channel = c;
            out.add(BlockCredit.ofSingularValues(s, map, k.nIn(), tolerance)
                    .map(bc -> new KernelCredit(channel, bc.logCredit(), bc.rank()))
                    .orElse(new KernelCredit(channel, null, 0)));
        }
        return out;
    }
}
