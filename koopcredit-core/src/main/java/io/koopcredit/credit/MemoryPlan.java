package io.koopcredit.credit;

import io.koopcredit.koopman.Estimator;
import io.koopcredit.model.Block;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.store.MemoryBudget;
import io.koopcredit.store.MemorySize;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an analysis will hold, stage by stage, predicted by the {@link MemoryModel} before the first ONNX
 * Runtime run, and where its block activations go. Making a plan fixes the run's permanent memory in the
 * budget (the data, the ONNX Runtime sessions) and checks that the largest task of every stage fits beside
 * it; if one does not, the plan fails with one line naming the block, the need and the budget.
 *
 * @param budget the budget in bytes
 * @param byDefault whether it is the default share of the physical memory
 * @param fixed bytes held for the whole run (the JVM, data, sessions)
 * @param fixedWhat what they are
 * @param activationBytes bytes of the block activations (fitting and held-out)
 * @param activationsInMemory whether they are kept in RAM (else in spill files)
 * @param largestTask bytes of the largest single task predicted (of any stage)
 * @param stages the predicted peak of each stage
 */
public record MemoryPlan(long budget, boolean byDefault, long fixed, String fixedWhat, long activationBytes,
                         boolean activationsInMemory, long largestTask, List<Stage> stages) {

    /**
     * One stage's prediction.
     *
     * @param name the stage
     * @param peak bytes at its peak, the fixed bytes included
     * @param detail what dominates it
     */
    public record Stage(String name, long peak, String detail) {
    }

    /** Copies the list. */
    public MemoryPlan {
        stages = List.copyOf(stages);
    }

    /**
     * Plans an analysis.
     *
     * @param partition the blocks
     * @param options the options (estimator, N, T, steps, threads)
     * @param formulation the formulation the analysis will use (resolved: dense or scalable)
     * @param fitCount fitting samples
     * @param holdCount held-out samples
     * @param modelBytes the model file's size
     * @param passBatch samples per run of the full network
     * @param budget the run's budget; the data and sessions are fixed in it
     * @return the plan
     * @throws io.koopcredit.base.InvalidOptionException (option {@code memory}) if a stage cannot fit
     */
    public static MemoryPlan of(BlockPartition partition, AnalysisOptions options, Formulation formulation,
                                int fitCount, int holdCount, long modelBytes, int passBatch, MemoryBudget budget) {
        Estimator e = options.estimator();
        int threads = options.threads();
        budget.fix(MemoryModel.data(fitCount, holdCount, partition.block(0).nIn()).heap(), 0,
                "the data (" + fitCount + " fitting and " + holdCount + " held-out samples)");
        MemoryModel.Need sessions = MemoryModel.sessions(modelBytes, e instanceof Estimator.Faithful);
        budget.fix(sessions.heap(), sessions.offHeap(), "the ONNX Runtime sessions");
        long fixed = budget.fixed();
        List<Stage> stages = new ArrayList<>();

        MemoryModel.Need chunk = MemoryModel.passChunk(partition, passBatch);
        budget.requirePossible(chunk.heap(), chunk.offHeap(), "the pass over the network (" + passBatch
                + " samples per run)");
        int passThreads = Math.max(1, Math.min(threads, (int) Math.max(1, budget.taskCapacity() / chunk.total())));
        MemoryModel.Need pass = chunk.times(passThreads);

        List<Task> tasks = formulation == Formulation.SCALABLE && e instanceof Estimator.OneStep
                ? ScalableOneStep.tasks(partition, fitCount, holdCount)
                : DensePlan.tasks(partition, options, fitCount, holdCount, formulation);
        Task largest = new Task("activations", "the pass over the network", pass);
        MemoryModel.Need held = MemoryModel.Need.NONE;
        for (Task t : tasks) {
            budget.requirePossible(t.need().heap(), t.need().offHeap(), t.what());
            if (t.stage().equals("results")) {
                held = held.plus(t.need());
            } else if (t.need().total() > largest.need().total()) {
                largest = t;
            }
        }
        // Results held for the whole estimation stay beside its tasks.
        MemoryModel.Need peakTask = held.plus(largest.need());
        budget.requirePossible(peakTask.heap(), peakTask.offHeap(), largest.what() + " beside the results kept for"
                + " the product");
        long activations = MemoryModel.activationBytes(partition, fitCount)
                + MemoryModel.activationBytes(partition, holdCount);
        // Activations stay in RAM (on the heap) when they take at most half of what the tasks can use and the
        // largest task still fits beside them (predicted with bounds on the ranks, which are known only once
        // trials end).
        long room = budget.total() - fixed;
        long heapRoom = budget.heapCapacity() - budget.fixedHeap();
        boolean inMemory = activations <= Math.min(room, heapRoom) / 2 && activations + peakTask.total() <= room
                && activations + peakTask.heap() <= heapRoom;
        long kept = inMemory ? activations : 0;
        stages.add(new Stage("activations", fixed + kept + pass.total(), passThreads + " run"
                + (passThreads == 1 ? "" : "s") + " of " + passBatch + " samples at once; activations "
                + MemorySize.format(activations) + (inMemory ? " in RAM" : " spilled to disk (float32)")));
        for (String stage : new String[] {"results", "estimation", "summaries", "global"}) {
            Task top = null;
            for (Task t : tasks) {
                if (t.stage().equals(stage) && (top == null || t.need().total() > top.need().total())) {
                    top = t;
                }
            }
            if (top != null) {
                int atOnce = stage.equals("global") || stage.equals("results") ? 1 : (int) Math.max(1, Math.min(options.threads(),
                        (room - kept) / Math.max(1, top.need().total())));
                stages.add(new Stage(stage, fixed + kept + top.need().total() * atOnce, "largest task: " + top.what()
                        + ", " + MemorySize.format(top.need().total()) + ", " + atOnce + " at once"));
            }
        }
        return new MemoryPlan(budget.total(), !budget.explicit(), fixed, budget.fixedDescription(), activations,
                inMemory, peakTask.total(), stages);
    }

    /**
     * One predicted task.
     *
     * @param stage the stage it belongs to
     * @param what the work, naming the block
     * @param need its bytes
     */
    record Task(String stage, String what, MemoryModel.Need need) {
    }

    /** @return the plan in a few lines, for {@code --verbose} and the benchmark */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "memory budget %s%s; fixed %s (%s)%n", MemorySize.format(budget),
                byDefault ? " (default)" : "", MemorySize.format(fixed), fixedWhat));
        for (Stage s : stages) {
            sb.append(String.format(Locale.ROOT, "  %-12s peak %-10s %s%n", s.name(), MemorySize.format(s.peak()),
                    s.detail()));
        }
        return sb.toString();
    }
}
