package io.koopcredit.model.onnx;

import io.koopcredit.base.InputException;
import io.koopcredit.model.BlockActivations;
import io.koopcredit.model.BlockFunction;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.model.StoredActivations;
import io.koopcredit.store.ColumnStore;
import io.koopcredit.store.Element;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A network cut into blocks: one ONNX Runtime session per block sub-model, and one over a copy of the full
 * model that exposes every block boundary.
 */
final class OnnxPartitionedNetwork implements PartitionedNetwork {

    private final String label;
    private final BlockPartition partition;
    private final List<OrtBlockFunction> blocks;
    private final OrtRunner full;
    private final int passBatch;
    private volatile boolean closed;

    /**
     * @param label how to name the model in messages
     * @param partition the partition
     * @param blocks one function per block, in order; owned (closed with this network)
     * @param full runner over the full model, fetching the output of every block in order; owned
     * @param passBatch samples per run of the full model in {@link #activations(float[], int, StoreFactory, int,
     *     java.util.function.IntConsumer)}
     */
    OnnxPartitionedNetwork(String label, BlockPartition partition, List<OrtBlockFunction> blocks, OrtRunner full,
                           int passBatch) {
        this.label = label;
        this.partition = Objects.requireNonNull(partition, "partition");
        this.blocks = List.copyOf(blocks);
        this.full = Objects.requireNonNull(full, "full");
        this.passBatch = passBatch;
        if (blocks.size() != partition.size()) {
            throw new IllegalArgumentException(partition.size() + " blocks but " + blocks.size() + " functions");
        }
    }

    @Override
    public BlockPartition partition() {
        return partition;
    }

    @Override
    public BlockFunction block(int i) {
        if (i < 0 || i >= blocks.size()) {
            throw new IndexOutOfBoundsException("block " + i + " of " + blocks.size());
        }
        return blocks.get(i);
    }

    @Override
    public BlockActivations activations(float[] samples, int count) {
        Objects.requireNonNull(samples, "samples");
        if (closed) {
            throw new IllegalStateException(label + ": the network is closed");
        }
        int nIn = partition.block(0).nIn();
        if (count < 1) {
            throw new InputException(label + ": expected at least one sample, found " + count);
        }
        if ((long) count * nIn != samples.length) {
            throw new InputException(label + ": expected " + count + " samples of " + nIn + " values ("
                    + (long) count * nIn + "), found " + samples.length + " values");
        }
        double[][] outs = new double[partition.size()][];
        for (int i = 0; i < outs.length; i++) {
            long n = (long) count * partition.block(i).nOut();
            if (n > Integer.MAX_VALUE) {
                throw new InputException(label + ": " + count + " samples give " + n + " values at the output of"
                        + " block " + partition.block(i).name() + "; expected at most " + Integer.MAX_VALUE
                        + " (use fewer samples)");
            }
            outs[i] = new double[(int) n];
        }
        full.run(samples, count, outs);
        for (int i = 0; i < outs.length; i++) {
            requireFinite(i, outs[i], count);
        }
        List<double[]> boundaries = new ArrayList<>(outs.length + 1);
        double[] in = new double[samples.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = samples[i];
        }
        boundaries.add(in);
        boundaries.addAll(List.of(outs));
        return new BlockActivations(count, boundaries);
    }

    @Override
    public int passBatch() {
        return passBatch;
    }

    @Override
    public StoredActivations activations(float[] samples, int count, StoreFactory stores, int threads,
                                         IntConsumer progress) {
        Objects.requireNonNull(samples, "samples");
        if (closed) {
            throw new IllegalStateException(label + ": the network is closed");
        }
        int nIn = partition.block(0).nIn();
        if (count < 1 || (long) count * nIn != samples.length) {
            throw new InputException(label + ": expected " + count + " samples of " + nIn + " values ("
                    + (long) count * nIn + "), found " + samples.length + " values");
        }
        int m = partition.size();
        List<ColumnStore> out = new ArrayList<>(m + 1);
        try {
            out.add(stores.create(0, nIn, count, Element.FLOAT32));
            for (int i = 0; i < m; i++) {
                out.add(stores.create(i + 1, partition.block(i).nOut(), count, Element.FLOAT32));
            }
            out.get(0).putColumns(0, samples, 0, count);
            int chunks = (count + passBatch - 1) / passBatch;
            AtomicInteger next = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            Runnable worker = () -> {
                for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                    int from = c * passBatch;
                    int n = Math.min(passBatch, count - from);
                    full.runFloats(samples, from, n, (k, values, used) -> {
                        float[] v = new float[values.remaining()];
                        values.get(v);
                        requireFinite(k, v, used, from, count);
                        out.get(k + 1).putColumns(from, v, 0, used);
                    });
                    progress.accept(done.addAndGet(n));
                }
            };
            runOnThreads(worker, Math.max(1, Math.min(threads, chunks)));
            return new StoredActivations(count, out);
        } catch (RuntimeException | Error e) {
            out.forEach(ColumnStore::close);
            throw e;
        }
    }

    /** Runs {@code worker} on {@code threads} threads (this one included) and rethrows the first failure. */
    private static void runOnThreads(Runnable worker, int threads) {
        List<Thread> helpers = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (int t = 1; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    worker.run();
                } catch (Throwable e) {
                    synchronized (failure) {
                        if (failure[0] == null) {
                            failure[0] = e;
                        }
                    }
                }
            }, "koopcredit-pass-" + t);
            th.setDaemon(true);
            th.start();
            helpers.add(th);
        }
        try {
            worker.run();
        } catch (RuntimeException | Error e) {
            synchronized (failure) {
                if (failure[0] == null) {
                    failure[0] = e;
                }
            }
        }
        for (Thread th : helpers) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        if (failure[0] instanceof RuntimeException r) {
            throw r;
        }
        if (failure[0] instanceof Error err) {
            throw err;
        }
    }

    private void requireFinite(int block, float[] values, int used, int firstSample, int count) {
        int width = values.length / used;
        for (int k = 0; k < values.length; k++) {
            if (!Float.isFinite(values[k])) {
                throw new InputException(label + ": the output of block " + partition.block(block).name()
                        + " (tensor '" + full.outputs().get(block) + "') is " + values[k] + " for sample "
                        + (firstSample + k / width) + " of " + count + "; expected finite activations (the network"
                        + " overflows or divides by zero on this input: check its weights and the preprocessing)");
            }
        }
    }

    /**
     * Non-finite activations on real data mean the network overflows (or divides by zero, or takes the
     * log of a negative number) on this input: nothing fitted to them would mean anything.
     */
    private void requireFinite(int block, double[] values, int count) {
        int width = values.length / count;
        for (int k = 0; k < values.length; k++) {
            if (!Double.isFinite(values[k])) {
                throw new InputException(label + ": the output of block " + partition.block(block).name()
                        + " (tensor '" + full.outputs().get(block) + "') is " + values[k] + " for sample " + k / width
                        + " of " + count + "; expected finite activations (the network overflows or divides by zero"
                        + " on this input: check its weights and the preprocessing)");
            }
        }
    }

    /** Closes every session. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        List<AutoCloseable> all = new ArrayList<>(blocks);
        all.add(full);
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
