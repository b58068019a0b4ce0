package io.koopcredit.koopman;

/**
 * The snapshot pairs of one block with their states in column stores ({@link StateColumns}): pair j is
 * (state {@code before[j]}, state {@code after[j]}) with weight {@code weights[j]} = √c for a pair seen c
 * times. The snapshot matrices of {@link Snapshots} are {@code Y[:, j] = weights[j]·S[:, before[j]]} and
 * {@code Y′[:, j] = weights[j]·S[:, after[j]]}, never formed whole: the states are stored once, though most
 * are the "after" of one pair and the "before" of the next.
 *
 * @param states the distinct states (owned: closed with this record)
 * @param before each pair's "before" column (owned: do not modify)
 * @param after each pair's "after" column (owned: do not modify)
 * @param weights each pair's weight √c (owned: do not modify)
 * @param nominalPairs the pairs counting repeats, the column count of the paper's Y
 */
public record StoredSnapshots(StateColumns states, int[] before, int[] after, double[] weights, long nominalPairs)
        implements AutoCloseable {

    /** Validates the pairs. */
    public StoredSnapshots {
        java.util.Objects.requireNonNull(states, "states");
        if (before.length != after.length || before.length != weights.length) {
            throw new IllegalArgumentException("pairs of " + before.length + " before, " + after.length + " after and "
                    + weights.length + " weights");
        }
        for (int j = 0; j < before.length; j++) {
            if (before[j] < 0 || before[j] >= states.count() || after[j] < 0 || after[j] >= states.count()) {
                throw new IllegalArgumentException("pair " + j + " refers to a state beyond the " + states.count()
                        + " stored");
            }
        }
        if (nominalPairs < before.length) {
            throw new IllegalArgumentException("nominal pair count " + nominalPairs + " below the " + before.length
                    + " distinct pairs");
        }
    }

    /** @return the state width */
    public int width() {
        return states.rows();
    }

    /** @return the number of distinct pairs */
    public int distinctPairs() {
        return before.length;
    }

    /** Frees the stored states. */
    @Override
    public void close() {
        states.close();
    }
}
