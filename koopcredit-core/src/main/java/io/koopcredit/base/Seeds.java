package io.koopcredit.base;

import java.util.SplittableRandom;

/**
 * Seeded randomness that gives the same numbers on every JVM: {@link SplittableRandom}'s generator is
 * specified, and the normal deviates come from Marsaglia's polar method computed with {@link StrictMath}
 * and the correctly rounded {@link Math#sqrt} (bit-for-bit reproducible), not from {@code nextGaussian},
 * whose algorithm is a JDK detail.
 */
public final class Seeds {
    private Seeds() {
    }

    /**
     * A generator for one unit of work, independent of the order in which units run.
     *
     * @param seed the user's seed
     * @param stream which stream (for example a block index)
     * @param substream which substream (for example a trial index)
     * @return a generator determined by the three numbers alone
     */
    public static SplittableRandom generator(long seed, long stream, long substream) {
        long s = mix(seed);
        s = mix(s ^ (0x9E3779B97F4A7C15L * (stream + 1)));
        s = mix(s ^ (0xC2B2AE3D27D4EB4FL * (substream + 1)));
        return new SplittableRandom(s);
    }

    /**
     * Fills an array with independent standard normal deviates.
     *
     * @param rng the generator; advanced
     * @param out the array to fill; modified
     */
    public static void fillGaussian(SplittableRandom rng, double[] out) {
        for (int k = 0; k < out.length; k += 2) {
            // Polar method: a uniform point in the unit disc (rejecting 21%) gives two independent N(0,1).
            double u;
            double v;
            double s;
            do {
                u = 2.0 * rng.nextDouble() - 1.0;
                v = 2.0 * rng.nextDouble() - 1.0;
                s = u * u + v * v;
            } while (s >= 1.0 || s == 0.0);
            double factor = Math.sqrt(-2.0 * StrictMath.log(s) / s);
            out[k] = u * factor;
            if (k + 1 < out.length) {
                out[k + 1] = v * factor;
            }
        }
    }

    /** SplitMix64's finaliser: a bijective scramble of 64 bits. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
