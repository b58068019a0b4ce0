package io.koopcredit.credit;

import io.koopcredit.koopman.AlignmentDistribution;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.model.Block;
import io.koopcredit.model.BlockPartition;

/**
 * The memory model: predicted bytes of each piece of an analysis from the block widths, N, H, T and the
 * embedding steps, on the Java heap and outside it (ONNX Runtime, the native buffers of BLAS/LAPACK). The
 * predictions are deliberately generous (each array counted with the copies the code makes of it); tasks
 * reserve them from the {@link io.koopcredit.store.MemoryBudget} before they start, and the
 * {@link MemoryPlan} checks them before the first ONNX Runtime run.
 */
final class MemoryModel {
    private MemoryModel() {
    }

    /** Bytes of a double. */
    static final long D = 8;

    /** Bytes of a float. */
    static final long F = 4;

    /**
     * ONNX Runtime's memory beside the weights it holds: its environment, the session objects and their
     * arenas before any run (measured: about 40 MiB for the bundled models).
     */
    static final long SESSION_OVERHEAD = 64L << 20;

    /**
     * How many distinct states a dense faithful trajectory is expected to store at most: the shortcut stops
     * trajectories when they repeat or converge, on the bundled models within 11–160 steps; the planner
     * uses this many (or the steps, if fewer), and longer trajectories store more as they run.
     */
    static final int EXPECTED_STATES = 256;

    /**
     * Bytes on and off the heap.
     *
     * @param heap on the Java heap
     * @param offHeap outside it
     */
    record Need(long heap, long offHeap) {
        static final Need NONE = new Need(0, 0);

        /** @return both together */
        long total() {
            return heap + offHeap;
        }

        /** @return the sum */
        Need plus(Need o) {
            return new Need(heap + o.heap, offHeap + o.offHeap);
        }

        /** @return this need {@code k} times */
        Need times(long k) {
            return new Need(heap * k, offHeap * k);
        }

        /** @return the larger, by total */
        static Need max(Need a, Need b) {
            return a.total() >= b.total() ? a : b;
        }
    }

    /** The fitting and held-out samples, floats on the heap. */
    static Need data(int fit, int held, int sampleSize) {
        return new Need(F * sampleSize * ((long) fit + held), 0);
    }

    /**
     * ONNX Runtime sessions: the full model (once for the pass) and each block's sub-model (float32, and a
     * float64 conversion for the faithful estimator, whose weights take twice the bytes).
     */
    static Need sessions(long modelBytes, boolean float64Blocks) {
        return new Need(0, modelBytes * (float64Blocks ? 4 : 2) + SESSION_OVERHEAD);
    }

    /** @return Σ of the boundary widths (the network input and every block output) */
    static long boundaryValues(BlockPartition p) {
        long v = p.block(0).nIn();
        for (Block b : p.blocks()) {
            v += b.nOut();
        }
        return v;
    }

    /** @return bytes of every boundary's float32 activations for {@code count} samples */
    static long activationBytes(BlockPartition p, int count) {
        return F * boundaryValues(p) * count;
    }

    /**
     * One chunk of the pass over the full network, per thread: ONNX Runtime's output tensors and the copy
     * handed to the stores (heap), and its intermediate tensors (about four of the widest boundary per
     * sample).
     */
    static Need passChunk(BlockPartition p, int batch) {
        long widest = p.block(0).nIn();
        for (Block b : p.blocks()) {
            widest = Math.max(widest, b.nOut());
        }
        long values = boundaryValues(p) * batch;
        return new Need(2 * F * values, F * values + 4 * F * widest * batch);
    }

    /**
     * How many distinct states a faithful trajectory is expected to store at most under the scalable
     * formulation, which is what large models get: measured on ResNet-20 (N = 1, structured alignment) 14 to
     * 613 per trajectory, the E2E residual units the most.
     */
    static final int COMPACT_EXPECTED_STATES = io.koopcredit.koopman.Scale.PLANNED_STATES;

    /**
     * The DMD rank of one faithful trial the scalable formulation's plan expects at most, for the mean operator
     * and the trial operators held until the product: measured on ResNet-20 1 to 42 (and 5 to 14 on the bundled
     * models). The rank is known only once a trial ends; the summaries reserve their memory at the ranks
     * found, so a larger rank is refused there in one line rather than overrunning the budget.
     */
    static final int EXPECTED_TRIAL_RANK = 64;

    /**
     * One trial of a block with N samples, each trajectory storing at most {@code expectedStates} states.
     * The faithful estimator's dense alignment (Gaussian or orthonormal) holds B and A = B⁺, nOut × nIn each,
     * for every block that is not E2E, however large: planning without them admitted ResNet-20's 16384 → 8192
     * block under 4 GiB and the run ran out of heap drawing B. The structured alignment holds angles
     * instead, about 2·(n·⌈log₂ n⌉ + m·⌈log₂ m⌉) doubles.
     */
    static Need trial(Estimator e, Block b, int n, int steps, int expectedStates) {
        long nIn = b.nIn();
        long nOut = b.nOut();
        if (e instanceof Estimator.Faithful f) {
            boolean structured = f.alignment().forBlock(b.nIn(), b.nOut()) == AlignmentDistribution.STRUCTURED;
            long wide = Math.max(nIn, nOut);
            long narrow = Math.min(nIn, nOut);
            // Angles: at most 2·n·⌈log₂ n⌉ per rotation transform, and ⌈log₂ n⌉ ≤ 31 for an int width.
            long alignBytes = nIn == nOut ? 0 : structured ? D * 2 * (wide + narrow) * 32 : D * nIn * nOut;
            long states = (long) n * Math.min(steps + 1L, expectedStates);
            long k = Math.min(nIn, states);
            long heap = 2 * alignBytes + D * (3 * states * nIn + 2 * nIn * k + 2 * nOut * k);
            long offHeap = (structured ? 0 : 3 * alignBytes) + D * (states * nIn + nIn * k + k * states + nOut * k);
            return new Need(heap, offHeap);
        }
        long k = Math.min(nIn + 1, n);
        long factor = e instanceof Estimator.Pca ? 2 : 1;
        long heap = D * (2 * nIn * n + 2 * nOut * n + factor * (nIn * k + n * k) + 3 * nOut * k + 2 * nIn * k);
        long offHeap = D * (factor * (nIn * n + nIn * k + k * n) + nOut * n + nOut * k);
        return new Need(heap, offHeap);
    }

    /**
     * One trial of the faithful estimator's scalable form on a block with large snapshots
     * ({@link io.koopcredit.koopman.Scale#largeSnapshots}): its states go to column stores (in RAM only where the
     * budget has room for them when they are made, each chunk reserving its own bytes; else in spill files, disk
     * and not memory), so the trial holds the alignment's angles, the iterated states of the current step, one
     * tile of the states and of the pairs gathered from it, the R factor of their tall-and-skinny QR and its SVD
     * (p × p, p the distinct pairs), and the factors of the fit, n × r, and of K_i, with the copies
     * {@code KoopmanOperator.fromFactors} makes of them.
     *
     * @param e the faithful estimator, its alignment resolved
     * @param b the block
     * @param n fitting samples
     * @param steps embedding steps
     * @param rank the planned rank r of the trial's operator
     * @return the need
     */
    static Need storedTrial(Estimator.Faithful e, Block b, int n, int steps, long rank) {
        return storedTrialBase(e, b, n, steps).plus(storedTrialPerRank(b, n, steps).times(Math.max(1, rank)));
    }

    /**
     * What {@link #storedTrial} needs for each unit of the rank r: the factors n × r and nOut × r with their
     * copies, and a tile's gathered pairs times r. A trial reserves {@link #storedTrial} at rank 1 before it
     * starts and this times r − 1 once the rank is known ({@link io.koopcredit.koopman.SnapshotSpace#rankFound}).
     */
    static Need storedTrialPerRank(Block b, int n, int steps) {
        long nIn = b.nIn();
        long nOut = b.nOut();
        long p = (long) n * Math.min(steps + 1L, COMPACT_EXPECTED_STATES);
        long tile = Math.min(nIn, io.koopcredit.koopman.StoredDmd.tileRows((int) p)) * p;
        return new Need(D * (2 * tile / p + 4 * nIn + 3 * nOut), D * (p + 2 * nIn + 2 * nOut));
    }

    /** {@link #storedTrial} without the part that grows with the rank. */
    private static Need storedTrialBase(Estimator.Faithful e, Block b, int n, int steps) {
        long nIn = b.nIn();
        long nOut = b.nOut();
        boolean structured = e.alignment().forBlock(b.nIn(), b.nOut()) == AlignmentDistribution.STRUCTURED;
        long wide = Math.max(nIn, nOut);
        long narrow = Math.min(nIn, nOut);
        // The structured alignment's rotations, counted as they are stored: 2⌈log₂ n⌉ layers of at most n/2
        // angles, a cosine and a sine each, and a permutation of n ints, for n = wide and n = narrow.
        long alignBytes = nIn == nOut ? 0 : structured ? rotationBytes(wide) + rotationBytes(narrow)
                : D * nIn * nOut;
        long p = (long) n * Math.min(steps + 1L, COMPACT_EXPECTED_STATES);
        long tile = Math.min(nIn, io.koopcredit.koopman.StoredDmd.tileRows((int) p)) * p;
        // The iterated states: a batch in and out of the block, the aligned output, the last two states.
        long iterate = (long) n * (3 * nIn + 2 * nOut);
        long heap = (structured ? 1 : 2) * alignBytes + D * (iterate + 3 * tile + 5 * p * p);
        long offHeap = (structured ? 0 : 3 * alignBytes) + D * (2 * iterate + tile + 6 * p * p);
        return new Need(heap, offHeap);
    }

    /** @return bytes of one random rotation of R^n as {@code koopman.RandomRotations} stores it */
    static long rotationBytes(long n) {
        long levels = n <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(n - 1);
        return D * 2 * levels * n + F * n;
    }

    /**
     * The dense summary of one block: the mean of its trials' operators (total rank {@code rankSum}), its
     * credits, and its fidelity on {@code chunk} held-out samples at a time.
     */
    static Need denseSummary(Block b, long rankSum, int chunk) {
        long nIn = b.nIn();
        long nOut = b.nOut();
        long r = Math.max(1, rankSum);
        return new Need(D * (4 * (nIn + nOut) * r + (long) chunk * (nIn + 2 * nOut)),
                D * (3 * (nIn + nOut) * r + (long) chunk * (nIn + nOut)));
    }

    /**
     * The summary of a large block whose trial operators were parked in spill files ({@link CompactFaithful}),
     * then the product's next step, whichever needs more. The summary: the trial factors stacked as they are
     * read back (nOut × Σ r_t and nIn × Σ r_t), their QRs, the SVD of the small core and the mean's factors
     * ({@code KoopmanOperator.fromFactors}: counted as 4·nOut + 3·nIn values per unit of rank on the heap and as
     * many in native copies, what an SVD of the left times R held; since the factors' QRs and tiled products,
     * the native copies are at most one factor and two tiles, so this over-counts), and the fidelity's chunk of
     * held-out samples, as in {@link #denseSummary}. The
     * step K_i ∘ (K_{i−1}⋯K_1): its factors nOut × r and inputs × r with their copies, r at most the product's
     * rank so far and K_i's ({@code composeRank}, 0 for the first block).
     *
     * @param inputs the network's input width (the product's)
     * @param composeRank a bound on the rank of the product's step (0 when there is no step)
     */
    static Need parkedSummary(Block b, long rankSum, int chunk, long inputs, long composeRank) {
        long nIn = b.nIn();
        long nOut = b.nOut();
        long r = Math.max(1, rankSum);
        Need summary = new Need(D * ((4 * nOut + 3 * nIn) * r + (long) chunk * (nIn + 2 * nOut)),
                D * ((4 * nOut + 3 * nIn) * r + (long) chunk * (nIn + nOut)));
        Need compose = new Need(D * (4 * nOut + 2 * inputs) * composeRank, D * (3 * nOut + 2 * inputs) * composeRank);
        return Need.max(summary, compose);
    }

    /**
     * {@link #denseGlobal(BlockPartition, long, int)} with the ranks of the block operators known: the product
     * K_i ∘ (K_{i−1}⋯K_1) has rank at most min_{j ≤ i} r_j (rank(AB) ≤ min(rank A, rank B)), so its factors
     * (nOut_i + nIn_1)·min_{j ≤ i} r_j values at step i stand for the widest block times one rank.
     *
     * @param ranks each block's operator rank (or a bound on it), in block order; not modified
     */
    static Need denseGlobal(BlockPartition p, long[] ranks, int chunk) {
        long nIn = p.block(0).nIn();
        long chain = 0;
        long least = Long.MAX_VALUE;
        for (int i = 0; i < p.size(); i++) {
            least = Math.min(least, Math.max(1, ranks[i]));
            chain = Math.max(chain, (nIn + p.block(i).nOut()) * least);
        }
        Need one = denseGlobal(p, 1, chunk);
        long widest = 0;
        for (Block b : p.blocks()) {
            widest = Math.max(widest, b.nIn() + b.nOut());
        }
        // denseGlobal at rank 1 counts 4·widest on the heap and 3·widest off it: replaced by the chain's values.
        return new Need(one.heap() + D * 4 * (chain - widest), one.offHeap() + D * 3 * (chain - widest));
    }

    /** The dense product K = K_m⋯K_1, its feature weights and its fidelity, with ranks up to {@code rank}. */
    static Need denseGlobal(BlockPartition p, long rank, int chunk) {
        long nIn = p.block(0).nIn();
        long classes = p.block(p.size() - 1).nOut();
        long widest = 0;
        for (Block b : p.blocks()) {
            widest = Math.max(widest, b.nIn() + b.nOut());
        }
        long r = Math.max(1, rank);
        // The weights are rows of the product's compact factors, a tile of classes at a time: held in full when
        // inline (with the tile being made), else one tile of rows at a time.
        long tile = Math.min(classes, FeatureWeights.tileClasses((int) nIn)) * nIn;
        long weights = FeatureWeights.inline(classes, nIn, FeatureWeights.INLINE_VALUES) ? classes * nIn + tile
                : tile;
        return new Need(D * (4 * widest * r + weights + (long) chunk * (nIn + 2 * classes)),
                D * (3 * widest * r + (long) chunk * nIn));
    }

    /**
     * Held-out samples per chunk when a dense operator is applied to them: as many as keep a chunk's inputs
     * and outputs under 2²⁴ values (all 1000 of the bundled models' at once); a function of the block alone.
     */
    static int applyChunk(int nIn, int nOut, int count) {
        return (int) Math.max(1, Math.min(count, (1L << 24) / Math.max(1, (long) nIn + nOut)));
    }
}
