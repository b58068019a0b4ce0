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

    /**
     * Makes a boundary store (see {@link io.koopcredit.store.Stores#create}).
     */
    @FunctionalInterface
    interface StoreFactory {
        /**
         * @param boundary the boundary index (0 = the network input)
         * @param rows its width
         * @param cols the sample count
         * @param element how the network's activations are kept exactly: float32 for an ONNX network's own
         *     pass, float64 for networks that compute in double
         * @return the store
         */
        io.koopcredit.store.ColumnStore create(int boundary, int rows, int cols, io.koopcredit.store.Element element);
    }

    /**
     * One pass of the full network over {@code count} samples, writing every block boundary into stores: the
     * form of {@link #activations(float[], int)} for wide blocks and many samples. Samples are sent to the
     * network in chunks of {@link #passBatch()}, several chunks at once on {@code threads} threads; the
     * chunks do not depend on the thread count, so neither do the values.
     *
     * @param samples {@code count * inputSize} values, sample after sample, preprocessed; not modified
     * @param count number of samples
     * @param stores makes the m+1 boundary stores
     * @param threads chunks run at once, at least 1
     * @param progress hears the number of samples done so far
     * @return the stores, filled
     * @throws io.koopcredit.base.InputException as {@link #activations(float[], int)}
     */
    default StoredActivations activations(float[] samples, int count, StoreFactory stores, int threads,
                                          java.util.function.IntConsumer progress) {
        BlockActivations a = activations(samples, count);
        java.util.List<io.koopcredit.store.ColumnStore> out = new java.util.ArrayList<>();
        for (int b = 0; b < a.boundaries().size(); b++) {
            double[] v = a.boundaries().get(b);
            io.koopcredit.store.ColumnStore s = stores.create(b, v.length / count, count,
                    io.koopcredit.store.Element.FLOAT64);
            s.putColumns(0, v, 0, count);
            out.add(s);
        }
        progress.accept(count);
        return new StoredActivations(count, out);
    }

    /**
     * @return how many samples one run of the full network takes: a function of the model's sizes alone
     *     (never of the machine), so that the values do not depend on where the analysis runs
     */
    default int passBatch() {
        return 256;
    }

    /** Releases the sessions. Idempotent. */
    @Override
    void close();
}
