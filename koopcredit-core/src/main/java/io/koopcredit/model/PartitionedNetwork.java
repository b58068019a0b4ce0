package io.koopcredit.model;

/**
 * A network cut into blocks, each runnable on its own. Owns native resources (one inference session per
 * block and one for the full network): close it when done.
 */
public interface PartitionedNetwork extends AutoCloseable {

    /** @return the partition this network was cut by */
    BlockPartition partition();

    /**
     * @param i block index, 0 &lt;= i &lt; m
     * @return the runnable function of block i (thread-safe, valid until {@link #close()})
     */
    BlockFunction block(int i);

    /**
     * One pass of the full network over {@code count} samples, recording every block boundary.
     *
     * @param samples {@code count * inputSize} values, sample after sample, already preprocessed; not
     *     modified
     * @param count number of samples, at least 1
     * @return the real input and output of every block, all finite
     * @throws io.koopcredit.base.InputException if the network computes a non-finite value on these samples
     *     (naming the block)
     */
    BlockActivations activations(float[] samples, int count);

    /** Releases the sessions. Idempotent. */
    @Override
    void close();
}
