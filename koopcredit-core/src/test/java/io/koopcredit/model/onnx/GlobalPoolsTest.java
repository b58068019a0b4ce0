package io.koopcredit.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which axes make a reduction a global pool, for tensors of rank 3 to 5. */
class GlobalPoolsTest {

    @Test
    void exactlyTheSpatialAxesInAnyOrderAndSign() {
        for (int rank = 3; rank <= 5; rank++) {
            long[] positive = new long[rank - 2];
            long[] negative = new long[rank - 2];
            for (int k = 0; k < rank - 2; k++) {
                positive[k] = k + 2;
                negative[k] = -(k + 1);
            }
            assertTrue(GlobalPools.isSpatial(positive, rank), "rank " + rank);
            assertTrue(GlobalPools.isSpatial(negative, rank), "rank " + rank);
            long[] mixed = positive.clone();
            mixed[0] = 2 - rank;
            assertTrue(GlobalPools.isSpatial(mixed, rank), "axis 2 written from the end, rank " + rank);
        }
        assertTrue(GlobalPools.isSpatial(new long[] {3, 2}, 4));
    }

    @Test
    void otherAxesAreNotAPool() {
        assertFalse(GlobalPools.isSpatial(new long[] {2}, 4), "one of two spatial axes");
        assertFalse(GlobalPools.isSpatial(new long[] {-1}, 4), "one of two spatial axes, from the end");
        assertFalse(GlobalPools.isSpatial(new long[] {1, 2, 3}, 4), "with the channels");
        assertFalse(GlobalPools.isSpatial(new long[] {0, 2, 3}, 4), "with the batch");
        assertFalse(GlobalPools.isSpatial(new long[] {1}, 4), "the channels only");
        assertFalse(GlobalPools.isSpatial(new long[] {2, 2}, 4), "an axis twice, one missing");
        assertFalse(GlobalPools.isSpatial(new long[] {2, -2, 3}, 4), "an axis twice");
        assertFalse(GlobalPools.isSpatial(new long[] {2, 3, 4}, 4), "out of range");
        assertFalse(GlobalPools.isSpatial(new long[] {-5}, 4), "out of range from the end");
        assertFalse(GlobalPools.isSpatial(new long[] {}, 4), "no axis");
        assertFalse(GlobalPools.isSpatial(new long[] {2, 3}, 5), "two of three spatial axes");
    }

    @Test
    void reducedCountMultipliesTheReducedExtentsOnce() {
        long[] shape = {2, 4, 8, 6};
        assertEquals(48, GlobalPools.reducedCount(shape, new long[] {2, 3}));
        assertEquals(48, GlobalPools.reducedCount(shape, new long[] {-1, -2}));
        assertEquals(8, GlobalPools.reducedCount(shape, new long[] {2, -2}), "the same axis twice counts once");
        assertEquals(4, GlobalPools.reducedCount(shape, new long[] {1}));
    }
}
