package io.koopcredit.credit;

import io.koopcredit.koopman.Estimator;
import io.koopcredit.koopman.KoopmanOperator;
import io.koopcredit.koopman.SnapshotSpace;
import io.koopcredit.koopman.Scale;
import io.koopcredit.koopman.TrialFit;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.Block;
import io.koopcredit.store.ColumnStore;
import io.koopcredit.store.Element;
import io.koopcredit.store.MemoryBudget;
import io.koopcredit.store.Stores;
import java.util.ArrayList;
import java.util.List;

/**
 * The faithful estimator's scalable formulation (issue #10, item 3): what it does differently from the dense
 * one. Every operator is already kept as a compact SVD of rank at most the distinct snapshot states
 * (K_i = (B·Y′·V·Σ⁻¹)·Uᵀ), the mean of T trials as the compact SVD of their stacked factors (rank at most
 * Σ r_t), and credits, kernel credits, fidelity and feature weights are computed from those factors in both
 * formulations; the structured alignment keeps B and A = B⁺ from being formed. What remains is the
 * E2E block: it has no alignment (A = B = I), so its T trials draw nothing and fit the same operator from the
 * same snapshots. The scalable formulation fits it once and takes that operator as the mean of its T
 * trials, exactly what the mean of T equal operators is; the dense formulation fits all T and averages them,
 * which agrees to rounding (a test holds credits and fidelities to 1e-8 relative on resnet14-fashion).
 */
final class CompactFaithful {
    private CompactFaithful() {
    }

    /**
     * @param estimator the estimator's settings
     * @param formulation the resolved formulation
     * @param block a block
     * @return true if the block's trials are one fit repeated: the faithful estimator's scalable formulation on
     *     an E2E block
     */
    static boolean trialsRepeat(Estimator estimator, Formulation formulation, Block block) {
        return estimator instanceof Estimator.Faithful && formulation == Formulation.SCALABLE
                && block.nIn() == block.nOut();
    }

    /**
     * Where the scalable form keeps each trial's distinct states: float64 column stores in RAM while the budget
     * has room for them when they are made, else in spill files ({@link Stores#create}); the DMD reads them in
     * a fixed order of tiles ({@link io.koopcredit.koopman.StoredDmd}), so where they went changes no value.
     *
     * @param estimator the estimator's settings
     * @param formulation the resolved formulation
     * @param stores the run's stores
     * @return the space, or null (the snapshots on the heap) unless the faithful estimator runs in its scalable
     *     form
     */
    static TrialSpace snapshotSpace(Estimator estimator, Formulation formulation, Stores stores) {
        if (!(estimator instanceof Estimator.Faithful) || formulation != Formulation.SCALABLE) {
            return null;
        }
        return new TrialSpace(stores);
    }

    /**
     * @param estimator the estimator's settings
     * @param formulation the resolved formulation
     * @param block a block
     * @param n fitting samples
     * @param steps its embedding steps
     * @return true if the block's trials run with their states in column stores ({@link Scale#largeSnapshots}):
     *     their rank-sized factors are reserved at the rank found, their operators parked in spill files until
     *     the block's summary, and the block's mean operator kept only until it joins the product (the result
     *     keeps its singular values); a property of the model and the options, never of the machine
     */
    static boolean parks(Estimator estimator, Formulation formulation, Block block, int n, int steps) {
        return estimator instanceof Estimator.Faithful && formulation == Formulation.SCALABLE
                && Scale.largeSnapshots(block.nIn(), n, steps);
    }

    /**
     * The snapshot space of the scalable form. A trial with large snapshots writes its states to spill files
     * (always: a state store held in RAM would hold memory that the trial's rank-sized factors, reserved only
     * when the rank is known, may need, and whether it found room would then decide whether a run fits), and
     * reserves its factors at the rank found by extending the reservation of the trial running on this thread
     * ({@link #during}).
     */
    static final class TrialSpace implements SnapshotSpace {
        private final Stores stores;
        private final ThreadLocal<TrialMemory> current = new ThreadLocal<>();

        TrialSpace(Stores stores) {
            this.stores = stores;
        }

        @Override
        public ColumnStore columns(int rows, int cols, String name) {
            return stores.create(rows, cols, Element.FLOAT64, name, false);
        }

        @Override
        public void rankFound(int rank) {
            TrialMemory m = current.get();
            if (m != null) {
                m.extend(rank);
            }
        }

        /**
         * Binds a trial's reservation to this thread until the returned handle is closed (which also returns
         * the extension).
         *
         * @param task the trial's reservation
         * @param perRank what each unit of the rank beyond the first needs
         * @param what the trial, for the budget's messages
         * @return the binding
         */
        TrialMemory during(MemoryBudget.Reservation task, MemoryModel.Need perRank, String what) {
            TrialMemory m = new TrialMemory(task, perRank, what);
            current.set(m);
            return m;
        }

        /** A trial's reservation and its extension, bound to the thread running the trial. */
        final class TrialMemory implements AutoCloseable {
            private final MemoryBudget.Reservation task;
            private final MemoryModel.Need perRank;
            private final String what;
            private MemoryBudget.Reservation extension;

            private TrialMemory(MemoryBudget.Reservation task, MemoryModel.Need perRank, String what) {
                this.task = task;
                this.perRank = perRank;
                this.what = what;
            }

            /** Reserves the factors of rank r beyond the one planned (rank 1). */
            void extend(int rank) {
                if (rank > 1 && extension == null) {
                    MemoryModel.Need more = perRank.times(rank - 1L);
                    extension = task.extend(more.heap(), more.offHeap(), what + " (its factors at the rank found, "
                            + rank + ")");
                }
            }

            @Override
            public void close() {
                current.remove();
                if (extension != null) {
                    extension.close();
                }
            }
        }
    }

    /**
     * The mean (1/T) Σ K_t of a block's trial operators, parked ones read one at a time straight into the stacked
     * factors: the same products in the same order as {@link KoopmanOperator#mean} (U_t·diag(s_t), then times
     * 1/T, columns side by side), so the same bits, without holding the T operators beside their stack.
     *
     * @param parked the trials' parked operators, null for a trial whose operator is zero (not parked); not
     *     modified
     * @param nOut the block's output width
     * @param nIn its input width
     * @return the mean operator
     */
    static KoopmanOperator meanOfParked(Parked[] parked, int nOut, int nIn) {
        int t = parked.length;
        int total = 0;
        for (Parked p : parked) {
            total += p == null ? 0 : p.s().length;
        }
        double[] left = new double[Math.multiplyExact(nOut, total)];
        double[] right = new double[Math.multiplyExact(nIn, total)];
        double inverse = 1.0 / t;
        int col = 0;
        for (Parked p : parked) {
            if (p == null) {
                continue;
            }
            int r = p.s().length;
            p.u().getColumns(0, r, left, col * nOut);
            p.v().getColumns(0, r, right, col * nIn);
            for (int j = 0; j < r; j++) {
                double f = p.s()[j];
                int base = (col + j) * nOut;
                for (int i = 0; i < nOut; i++) {
                    left[base + i] = left[base + i] * f * inverse;
                }
            }
            col += r;
        }
        return KoopmanOperator.fromFactors(Matrix.wrap(nOut, total, left), Matrix.wrap(nIn, total, right), null);
    }

    /**
     * A trial operator kept in spill files: its factors U (nOut × r) and V (nIn × r), float64, and its
     * singular values; read back bit for bit.
     *
     * @param u U's columns
     * @param s the singular values
     * @param v V's columns
     */
    record Parked(ColumnStore u, double[] s, ColumnStore v) implements AutoCloseable {
        /**
         * @param k a purely linear operator of rank at least 1; not modified
         * @param stores where the spill files go
         * @param name for the files' names
         * @return k in spill files
         */
        static Parked of(KoopmanOperator k, Stores stores, String name) {
            if (k.isAffine() || k.rank() == 0) {
                throw new IllegalArgumentException("only a linear operator of rank at least 1 is parked, found " + k);
            }
            int r = k.rank();
            ColumnStore u = stores.create(k.nOut(), r, Element.FLOAT64, name + "-u", false);
            ColumnStore v = stores.create(k.nIn(), r, Element.FLOAT64, name + "-v", false);
            u.putColumns(0, k.u().toColumnMajor(), 0, r);
            v.putColumns(0, k.v().toColumnMajor(), 0, r);
            return new Parked(u, k.singularValues(), v);
        }

        /** @return the operator again, the same bits */
        KoopmanOperator restore() {
            int r = s.length;
            double[] uu = new double[Math.multiplyExact(u.rows(), r)];
            double[] vv = new double[Math.multiplyExact(v.rows(), r)];
            u.getColumns(0, r, uu, 0);
            v.getColumns(0, r, vv, 0);
            return new KoopmanOperator(Matrix.wrap(u.rows(), r, uu), s.clone(), Matrix.wrap(v.rows(), r, vv), null);
        }

        @Override
        public void close() {
            u.close();
            v.close();
        }
    }

    /**
     * @param first trial 0's fit
     * @param trials T
     * @return T fits: {@code first} and T − 1 copies of it under the later trial indices, with no time of their
     *     own (nothing was computed for them)
     */
    static List<TrialFit> repeated(TrialFit first, int trials) {
        List<TrialFit> out = new ArrayList<>(trials);
        out.add(first);
        for (int t = 1; t < trials; t++) {
            out.add(new TrialFit(t, first.operator(), first.snapshotRank(), first.snapshotCondition(),
                    first.snapshotLargest(), first.noiseFloor(), first.keptBelowNoise(), first.nominalPairs(),
                    first.distinctPairs(), first.trajectories(), null, first.alignmentDraws(), first.precision(),
                    first.eigenvalueModuli(), 0.0, 0.0));
        }
        return out;
    }

    /**
     * The operator of a block: the mean of its trials' operators, or trial 0's when they repeat.
     *
     * @param fits the trials, at least one; not modified
     * @param repeat whether the trials are one fit repeated ({@link #trialsRepeat})
     * @return the block's operator
     */
    static KoopmanOperator mean(List<TrialFit> fits, boolean repeat) {
        return repeat ? fits.get(0).operator() : KoopmanOperator.mean(fits.stream().map(TrialFit::operator).toList());
    }
}
