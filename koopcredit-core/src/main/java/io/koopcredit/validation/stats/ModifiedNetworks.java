package io.koopcredit.validation.stats;

import io.koopcredit.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs modified copies of a network (lesioned, pruned) on the held-out samples, in parallel, and measures
 * each against the intact network. Every copy is made, run and closed inside its task; results come back
 * in the order the modifications were given, so they do not depend on the number of threads.
 */
public final class ModifiedNetworks {
    private ModifiedNetworks() {
    }

    /**
     * @param network the intact network; not closed here, not modified
     * @param reference the intact network's held-out outputs
     * @param holdout the held-out samples, {@code reference.count()} of them; not modified
     * @param modifications each makes a modified copy of the network (which is closed after its run)
     * @param pool where the copies run; not shut down
     * @param done called after each copy is measured (from worker threads)
     * @return per modification, in order, its damage sample by sample
     */
    public static List<SampleDamage> measure(Network network, HeldOutScore reference, float[] holdout,
                                             List<Function<Network, Network>> modifications, ExecutorService pool,
                                             Runnable done) {
        Objects.requireNonNull(network, "network");
        List<Future<SampleDamage>> futures = new ArrayList<>();
        for (Function<Network, Network> m : modifications) {
            futures.add(pool.submit(() -> {
                try (Network copy = m.apply(network)) {
                    SampleDamage d = reference.damage(copy.outputs(holdout, reference.count()));
                    done.run();
                    return d;
                }
            }));
        }
        List<SampleDamage> out = new ArrayList<>();
        try {
            for (Future<SampleDamage> f : futures) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring modified networks", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
        return out;
    }
}
