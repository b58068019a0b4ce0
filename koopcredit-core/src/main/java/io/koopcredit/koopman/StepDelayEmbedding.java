package io.koopcredit.koopman;

import io.koopcredit.base.InputException;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.linalg.Vectors;
import io.koopcredit.model.BlockFunction;
import io.koopcredit.model.Precision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Step-delay embedding (Section III.C, Fig. 3): from each real input y(0) of a block, iterate the aligned
 * block {@code y(k+1) = A·f(y(k))} for k = 0 .. steps−1 and collect the snapshot pairs (y(k), y(k+1)).
 * The paper takes steps = 2d, d the smallest layer width of the aligned block, after Takens' 2d+1.
 *
 * <p>The block runs in float32 (it is an ONNX model), so the aligned map is
 * {@code y ↦ A·f(float(y))}, a deterministic function of the float32-rounded state (see
 * {@link BlockFunction#precision()}). Once a trajectory's rounded state equals an earlier one, every
 * later state of that map is determined: the trajectory has entered a fixed point or cycle. The embedding
 * then stops evaluating the block for that trajectory and records the remaining pairs as repeats (merging
 * repeats is exact, see {@link Snapshots}). This is exact for the map evaluated on one sample; with several
 * trajectories, the batches shrink as trajectories stop, and batched products round differently in the
 * last bits, so evaluating every step instead gives the same snapshots up to rounding. On LeNet-5 with a
 * Gaussian alignment the iteration reaches its fixed point within a few dozen of the thousands of steps.
 *
 * <p>A trajectory is also stopped once it has <em>converged within the noise floor</em>: when
 * {@code ‖y(k+1) − y(k)‖ ≤ δ·‖y(k+1)‖}, δ the relative rounding of the block's evaluation
 * ({@link NoiseModel}), the state is treated as the fixed point it has reached and the remaining pairs as
 * repeats of (y(k+1), y(k+1)). In float64 a contracting trajectory reaches its fixed point to within
 * rounding long before 2d steps but then wanders among neighbouring doubles without repeating exactly
 * (LeNet-5's conv1: changes of 10⁻¹⁶ relative after a few dozen of its 1568 steps). Each pair left out
 * differs from the repeated one by about δ·‖y‖ or less per column, so the snapshot matrix changes by at
 * most its noise floor δ·‖Y‖_F in Frobenius norm, and no singular value by more than that (Weyl): the
 * directions the rank policy keeps are those of the full computation to within the floor.
 * {@code --no-shortcut} evaluates every step.
 *
 * <p>A trajectory that leaves the finite range (a non-finite value, or a norm above
 * {@link #DIVERGENCE_NORM}) is cut before that state, and the cut is counted in the statistics.
 */
public final class StepDelayEmbedding {
    /**
     * States with a larger norm end their trajectory. Far above any activation a trained network
     * produces, and far enough below Double.MAX_VALUE (1.8e308) that products in the DMD (norms squared
     * stay below 1e300) cannot overflow.
     */
    public static final double DIVERGENCE_NORM = 1e150;

    /**
     * Stored state values (doubles) beyond which the embedding refuses to go on: 2^28 values are 2 GiB,
     * and DMD needs about two more copies of the snapshot matrix.
     */
    public static final long MAX_STORED_VALUES = 1L << 28;

    /**
     * Stored states beyond which the embedding with states in column stores ({@link #embedStored}) refuses to
     * go on: its DMD holds an R factor of p × p doubles and its SVD (p the distinct pairs), 128 MiB each at
     * 4096, and its QR costs 2·n·p² flops.
     */
    public static final int MAX_STORED_STATES = 4096;

    private StepDelayEmbedding() {
    }

    /**
     * The result of one embedding.
     *
     * @param snapshots the snapshot pairs, repeats merged
     * @param stats what the trajectories did
     */
    public record Result(Snapshots snapshots, TrajectoryStats stats) {
    }

    /**
     * Runs the embedding.
     *
     * @param f the block; evaluated on batches of the still-running trajectories
     * @param alignment A and B for this block
     * @param initial {@code count} real block inputs y(0), nIn values each; not modified
     * @param count number of trajectories, at least 1
     * @param steps number of steps per trajectory (2d in the paper), at least 1
     * @param shortcutCycles if true, stop evaluating a trajectory once its rounded state repeats (and
     *     record the rest as exact repeats) or it has converged within the noise floor (and record the rest
     *     as repeats of its fixed point); if false, evaluate every step (for checks and benchmarks)
     * @param noise δ, the relative rounding of the block's evaluation ({@link NoiseModel})
     * @return the snapshot pairs and the trajectory statistics
     */
    public static Result embed(BlockFunction f, DimensionAlignment alignment, double[] initial, int count, int steps,
                               boolean shortcutCycles, double noise) {
        List<Trajectory> trajectories = run(f, alignment, initial, count, steps, shortcutCycles, noise, null);
        return new Result(assemble(trajectories, alignment.nIn()), stats(trajectories, steps));
    }

    /**
     * The result of an embedding whose states went into column stores.
     *
     * @param snapshots the distinct states and the pairs between them; the caller closes it
     * @param stats what the trajectories did
     */
    public record StoredResult(StoredSnapshots snapshots, TrajectoryStats stats) {
    }

    /**
     * Runs the embedding with every state kept in column stores made by {@code space} (in RAM or spilled to
     * disk) instead of the heap: the faithful estimator's scalable form. The trajectories, the cycle shortcut
     * and its decisions are those of {@link #embed}: states are compared by their exact bits (after rounding to
     * float32 when the block runs in float32), through a hash of every state kept in memory, and a stored state
     * is read back only when its hash matches. The pairs refer to stored columns and carry the weight √c of a
     * pair seen c times, as {@link Snapshots} does.
     *
     * @param f the block
     * @param alignment A and B for this block
     * @param initial {@code count} real block inputs y(0); not modified
     * @param count trajectories, at least 1
     * @param steps steps per trajectory, at least 1
     * @param shortcutCycles as in {@link #embed}
     * @param noise δ, as in {@link #embed}
     * @param space where the states go
     * @return the stored snapshots (closed by the caller; closed here if the embedding fails) and the statistics
     */
    public static StoredResult embedStored(BlockFunction f, DimensionAlignment alignment, double[] initial, int count,
                                           int steps, boolean shortcutCycles, double noise, SnapshotSpace space) {
        StateColumns states = new StateColumns(alignment.nIn(), space, "states-" + f.block().name());
        try {
            List<Trajectory> trajectories = run(f, alignment, initial, count, steps, shortcutCycles, noise, states);
            return new StoredResult(assembleStored(trajectories, states), stats(trajectories, steps));
        } catch (RuntimeException | Error e) {
            states.close();
            throw e;
        }
    }

    /** The embedding's loop; states on the heap when {@code stored} is null, else in it. */
    private static List<Trajectory> run(BlockFunction f, DimensionAlignment alignment, double[] initial, int count,
                                        int steps, boolean shortcutCycles, double noise, StateColumns stored) {
        int nIn = alignment.nIn();
        if (f.block().nIn() != nIn || f.block().nOut() != alignment.nOut()) {
            throw new IllegalArgumentException("alignment " + alignment.nIn() + "->" + alignment.nOut()
                    + " does not fit block " + f.block().name());
        }
        if (count < 1 || steps < 1 || initial.length != (long) count * nIn) {
            throw new IllegalArgumentException("embedding needs count >= 1, steps >= 1 and count*nIn initial values");
        }
        List<Trajectory> trajectories = new ArrayList<>(count);
        for (int s = 0; s < count; s++) {
            Trajectory t = new Trajectory(Arrays.copyOfRange(initial, s * nIn, (s + 1) * nIn), steps,
                    f.precision() == Precision.FLOAT32, stored);
            if (shortcutCycles) {
                t.remember(0);
            }
            trajectories.add(t);
        }
        long values = (long) count * nIn;
        for (int k = 0; k < steps; k++) {
            List<Trajectory> active = new ArrayList<>();
            for (Trajectory t : trajectories) {
                if (t.active) {
                    active.add(t);
                }
            }
            if (active.isEmpty()) {
                break;
            }
            values += (long) active.size() * nIn;
            if (stored == null ? values > MAX_STORED_VALUES : values / nIn > MAX_STORED_STATES) {
                throw new InputException("step-delay embedding of block " + f.block().name() + ": " + count
                        + " trajectories of " + steps + " steps of width " + nIn + " need more than "
                        + (stored == null ? MAX_STORED_VALUES + " stored values" : MAX_STORED_STATES
                        + " stored states") + "; use fewer samples or steps");
            }
            double[] batch = new double[active.size() * nIn];
            for (int a = 0; a < active.size(); a++) {
                System.arraycopy(active.get(a).states.last(k), 0, batch, a * nIn, nIn);
            }
            double[] next = alignment.align(f.apply(batch, active.size()), active.size());
            for (int a = 0; a < active.size(); a++) {
                Trajectory t = active.get(a);
                t.computed++;
                double[] y = Arrays.copyOfRange(next, a * nIn, (a + 1) * nIn);
                double norm = Vectors.norm(y);
                if (!(norm <= DIVERGENCE_NORM)) {
                    t.stopStep = k + 1;
                    t.active = false;
                    continue;
                }
                t.states.add(y);
                t.addPair(k, k + 1);
                if (shortcutCycles) {
                    int j = t.findRepeat(k + 1);
                    if (j >= 0) {
                        t.closeCycle(j, k + 1);
                    } else if (Vectors.distance(y, t.states.get(k)) <= noise * norm) {
                        t.closeFixedPoint(k + 1);
                    } else {
                        t.remember(k + 1);
                    }
                }
            }
        }
        return trajectories;
    }

    private static Snapshots assemble(List<Trajectory> trajectories, int nIn) {
        int distinct = 0;
        long nominal = 0;
        for (Trajectory t : trajectories) {
            distinct += t.pairs.size();
            for (long[] p : t.pairs) {
                nominal += p[2];
            }
        }
        double[] x = new double[Math.multiplyExact(distinct, nIn)];
        double[] xNext = new double[x.length];
        int col = 0;
        for (Trajectory t : trajectories) {
            for (long[] p : t.pairs) {
                double w = Math.sqrt((double) p[2]);
                double[] before = t.states.get((int) p[0]);
                double[] after = t.states.get((int) p[1]);
                int base = col * nIn;
                for (int i = 0; i < nIn; i++) {
                    x[base + i] = w * before[i];
                    xNext[base + i] = w * after[i];
                }
                col++;
            }
        }
        return new Snapshots(Matrix.wrap(nIn, distinct, x), Matrix.wrap(nIn, distinct, xNext), nominal);
    }

    private static StoredSnapshots assembleStored(List<Trajectory> trajectories, StateColumns states) {
        int distinct = 0;
        for (Trajectory t : trajectories) {
            distinct += t.pairs.size();
        }
        int[] before = new int[distinct];
        int[] after = new int[distinct];
        double[] weights = new double[distinct];
        long nominal = 0;
        int col = 0;
        for (Trajectory t : trajectories) {
            for (long[] p : t.pairs) {
                before[col] = t.states.column((int) p[0]);
                after[col] = t.states.column((int) p[1]);
                weights[col] = Math.sqrt((double) p[2]);
                nominal += p[2];
                col++;
            }
        }
        return new StoredSnapshots(states, before, after, weights, nominal);
    }

    private static TrajectoryStats stats(List<Trajectory> trajectories, int steps) {
        int stopped = 0;
        int firstStop = -1;
        int maxPeriod = 0;
        long computed = 0;
        double normFirst = 0;
        double normLast = 0;
        List<Integer> cycleSteps = new ArrayList<>();
        List<Integer> convergedSteps = new ArrayList<>();
        for (Trajectory t : trajectories) {
            computed += t.computed;
            normFirst += Vectors.norm(t.states.get(0));
            normLast += Vectors.norm(t.lastState());
            if (t.stopStep >= 0) {
                stopped++;
                firstStop = firstStop < 0 ? t.stopStep : Math.min(firstStop, t.stopStep);
            }
            if (t.convergedStep >= 0) {
                convergedSteps.add(t.convergedStep);
            }
            if (t.cycleStep >= 0) {
                cycleSteps.add(t.cycleStep);
                maxPeriod = Math.max(maxPeriod, t.period);
            }
        }
        int median = median(cycleSteps);
        int n = trajectories.size();
        return new TrajectoryStats(n, steps, stopped, firstStop, cycleSteps.size(), median, maxPeriod,
                convergedSteps.size(), median(convergedSteps), computed,
                normFirst / n, normLast / n);
    }

    /** @return the lower median of the steps, or -1 if there are none */
    private static int median(List<Integer> steps) {
        if (steps.isEmpty()) {
            return -1;
        }
        steps.sort(null);
        return steps.get((steps.size() - 1) / 2);
    }

    /**
     * One trajectory's states, on the heap or in the embedding's {@link StateColumns} (then only the latest
     * stays on the heap, and an earlier one is read back when asked for).
     */
    private static final class States {
        private final List<double[]> heap;
        private final StateColumns store;
        private final List<Integer> columns;
        private double[] last;
        private double[] previous;
        private int size;

        States(StateColumns store) {
            this.store = store;
            this.heap = store == null ? new ArrayList<>() : null;
            this.columns = store == null ? null : new ArrayList<>();
        }

        void add(double[] y) {
            if (store == null) {
                heap.add(y);
            } else {
                columns.add(store.add(y));
            }
            previous = last;
            last = y;
            size++;
        }

        /** @return state i (not to be modified); read back from the store unless it is one of the last two */
        double[] get(int i) {
            if (i == size - 1) {
                return last;
            }
            if (i == size - 2) {
                return previous;
            }
            return store == null ? heap.get(i) : store.get(columns.get(i));
        }

        /** @return state k, which must be the latest */
        double[] last(int k) {
            if (k != size - 1) {
                throw new IllegalStateException("state " + k + " is not the latest of " + size);
            }
            return last;
        }

        /** @return the stored column of state i */
        int column(int i) {
            return columns.get(i);
        }
    }

    /** One trajectory's states and its snapshot pairs (state index before, state index after, count). */
    private static final class Trajectory {
        final States states;
        final List<long[]> pairs = new ArrayList<>();
        final Map<Integer, List<Integer>> byRoundedState = new HashMap<>();
        final int steps;
        boolean active = true;
        int convergedStep = -1;
        int stopStep = -1;
        int cycleStep = -1;
        int period;
        int computed;
        /** Index of the nominal last state y(steps), once a cycle makes it known. */
        int lastIndex = -1;

        /** Whether states are compared as the block sees them, rounded to float32 (else as doubles). */
        final boolean rounded;

        Trajectory(double[] y0, int steps, boolean rounded, StateColumns store) {
            states = new States(store);
            states.add(y0);
            this.steps = steps;
            this.rounded = rounded;
        }

        void addPair(int before, int after) {
            pairs.add(new long[] {before, after, 1});
        }

        void remember(int index) {
            byRoundedState.computeIfAbsent(roundedHash(states.get(index)), h -> new ArrayList<>()).add(index);
        }

        /** @return an earlier index whose float32-rounded state equals state {@code c}'s, or -1 */
        int findRepeat(int c) {
            List<Integer> candidates = byRoundedState.get(roundedHash(states.get(c)));
            if (candidates != null) {
                for (int j : candidates) {
                    if (roundedEqual(states.get(j), states.get(c))) {
                        return j;
                    }
                }
            }
            return -1;
        }

        /**
         * State c rounds like state j (j &lt; c), so y(c+1+t) = y(j+1+t) exactly for t ≥ 0: the pairs from c+1
         * on repeat pairs j+1 .. c with period p = c − j. Pair c itself is (y(c), y(j+1)).
         */
        void closeCycle(int j, int c) {
            active = false;
            cycleStep = c;
            period = c - j;
            if (c <= steps - 1) {
                pairs.add(new long[] {c, j + 1, 1});
            }
            long remaining = steps - 1L - c;
            if (remaining > 0) {
                // Pair q (q ≥ c+1) equals pair j+1 + ((q − (j+1)) mod p); pairs j+1..c sit at list positions j+1..c.
                for (int m = 0; m < period; m++) {
                    long extra = remaining / period + (m < remaining % period ? 1 : 0);
                    pairs.get(j + 1 + m)[2] += extra;
                }
            }
            // State s ≥ c+1 equals y(j+1 + ((s − c − 1) mod p)).
            lastIndex = steps >= c + 1 ? j + 1 + (int) ((steps - c - 1L) % period) : c;
        }

        /**
         * State c has converged within the noise floor: it stands for the fixed point, so every later pair is
         * (y(c), y(c)), steps − c of them.
         */
        void closeFixedPoint(int c) {
            active = false;
            convergedStep = c;
            if (c <= steps - 1) {
                pairs.add(new long[] {c, c, steps - (long) c});
            }
            lastIndex = c;
        }

        double[] lastState() {
            return lastIndex >= 0 ? states.get(lastIndex) : states.last;
        }

        private int roundedHash(double[] y) {
            int h = 1;
            for (double v : y) {
                h = 31 * h + (rounded ? Float.floatToIntBits((float) v) : Long.hashCode(Double.doubleToLongBits(v)));
            }
            return h;
        }

        /** Equal as the block sees them: bit for bit after rounding (so -0.0 and 0.0 differ: conservative). */
        private boolean roundedEqual(double[] a, double[] b) {
            for (int i = 0; i < a.length; i++) {
                boolean same = rounded ? Float.floatToIntBits((float) a[i]) == Float.floatToIntBits((float) b[i])
                        : Double.doubleToLongBits(a[i]) == Double.doubleToLongBits(b[i]);
                if (!same) {
                    return false;
                }
            }
            return true;
        }
    }
}
