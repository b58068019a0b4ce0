package io.koopcredit.testing;

import io.koopcredit.model.Block;
import io.koopcredit.model.BlockActivations;
import io.koopcredit.model.BlockFunction;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.ConvKernel;
import io.koopcredit.model.Convolution;
import io.koopcredit.model.Layer;
import io.koopcredit.model.ModelInfo;
import io.koopcredit.model.Network;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.model.Precision;
import io.koopcredit.model.ResidualUnit;
import io.koopcredit.model.StoredActivations;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network that counts the passes of the full network made through each set of blocks compiled from it
 * (every other call goes to the wrapped network unchanged): a test can tell who ran the pass.
 */
public final class CountingNetwork implements Network {
    private final Network inner;
    private final List<AtomicInteger> passes = new CopyOnWriteArrayList<>();

    /** @param inner the network; not closed here */
    public CountingNetwork(Network inner) {
        this.inner = inner;
    }

    /**
     * @return the samples run through the full network by the blocks of each {@code compile} call, in the
     *     order of the calls
     */
    public List<Integer> passedSamples() {
        return passes.stream().map(AtomicInteger::get).toList();
    }

    @Override
    public PartitionedNetwork compile(BlockPartition partition, Precision precision, boolean fallBack) {
        PartitionedNetwork pn = inner.compile(partition, precision, fallBack);
        AtomicInteger count = new AtomicInteger();
        passes.add(count);
        return new PartitionedNetwork() {
            @Override
            public BlockPartition partition() {
                return pn.partition();
            }

            @Override
            public BlockFunction block(int i) {
                return pn.block(i);
            }

            @Override
            public BlockActivations activations(float[] samples, int c) {
                count.addAndGet(c);
                return pn.activations(samples, c);
            }

            @Override
            public StoredActivations activations(float[] samples, int c, StoreFactory stores, int threads,
                                                 java.util.function.IntConsumer progress) {
                count.addAndGet(c);
                return pn.activations(samples, c, stores, threads, progress);
            }

            @Override
            public int passBatch() {
                return pn.passBatch();
            }

            @Override
            public void close() {
                pn.close();
            }
        };
    }

    @Override
    public ModelInfo info() {
        return inner.info();
    }

    @Override
    public List<Layer> layers() {
        return inner.layers();
    }

    @Override
    public List<Layer> excluded() {
        return inner.excluded();
    }

    @Override
    public BlockPartition partition(String spec) {
        return inner.partition(spec);
    }

    @Override
    public int passBatch(BlockPartition partition) {
        return inner.passBatch(partition);
    }

    @Override
    public Network withRandomizedLayers(List<String> layerNames, long seed) {
        return inner.withRandomizedLayers(layerNames, seed);
    }

    @Override
    public double[] outputs(float[] samples, int count) {
        return inner.outputs(samples, count);
    }

    @Override
    public List<Convolution> convolutions(BlockPartition partition) {
        return inner.convolutions(partition);
    }

    @Override
    public List<double[]> featureMapActivity(float[] samples, int count) {
        return inner.featureMapActivity(samples, count);
    }

    @Override
    public Optional<ResidualUnit> residualUnit(Block block) {
        return inner.residualUnit(block);
    }

    @Override
    public ResidualUnit requireResidualUnit(Block block) {
        return inner.requireResidualUnit(block);
    }

    @Override
    public Network withUnitLesion(Block block) {
        return inner.withUnitLesion(block);
    }

    @Override
    public Network withZeroedKernels(Collection<ConvKernel> kernels) {
        return inner.withZeroedKernels(kernels);
    }

    @Override
    public void close() {
        // The wrapped network belongs to the caller.
    }
}
