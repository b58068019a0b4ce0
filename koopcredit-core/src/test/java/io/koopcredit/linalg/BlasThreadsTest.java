package io.koopcredit.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bytedeco.openblas.global.openblas_full;
import org.junit.jupiter.api.Test;

/**
 * OpenBLAS runs with {@link Linalg#BLAS_THREADS} from the first native call on, whichever class makes it:
 * in a fresh JVM whose first native call is a {@link Tsqr} fold (as in the one-step estimator's Gram form,
 * or on a cluster's executor), that fold gives the same bits as the same fold made afterwards. (Before
 * this was so, the first fold of a 784 × 600 matrix ran on OpenBLAS's default threads and rounded
 * differently.) The test needs a JVM of its own, where nothing touched OpenBLAS before.
 */
class BlasThreadsTest {

    /**
     * The child JVM: the same fold twice, the first before anything else, the second after Linalg's first
     * use; prints OpenBLAS's threads after the first and the hashes of both factors.
     */
    public static void main(String[] args) {
        int n = 600;
        int rows = 784;
        SplittableRandom r = new SplittableRandom(1);
        double[] z = new double[rows * n];
        for (int i = 0; i < z.length; i++) {
            z[i] = r.nextDouble() < 0.8 ? 0 : r.nextDouble();
        }
        Tsqr first = new Tsqr(n);
        first.add(z.clone(), rows);
        int threads = openblas_full.openblas_get_num_threads();
        double[] a = first.r().toColumnMajor();
        // Linalg's first use (it sets the threads, if nothing did before), then the same fold again.
        Linalg.gram(Matrix.wrap(1, 1, new double[] {1}));
        Tsqr second = new Tsqr(n);
        second.add(z.clone(), rows);
        double[] b = second.r().toColumnMajor();
        System.out.println(threads + " " + Arrays.hashCode(a) + " " + Arrays.hashCode(b));
    }

    @Test
    void theFirstFoldOfAFreshJvmRoundsLikeTheNext() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                BlasThreadsTest.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        String[] last = out.lines().reduce((x, y) -> y).orElse("").split(" ");
        assertEquals(3, last.length, out);
        assertEquals(String.valueOf(Linalg.BLAS_THREADS), last[0], "OpenBLAS threads after the first fold: " + out);
        assertEquals(last[1], last[2], "the same fold before and after: " + out);
    }
}
