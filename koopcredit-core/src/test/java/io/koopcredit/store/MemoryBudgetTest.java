package io.koopcredit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.base.InvalidOptionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
    private static final long MIB = 1L << 20;

    @Test
    void fixedMemoryBeyondTheBudgetIsRefusedNamingWhatItIs() {
        MemoryBudget b = MemoryBudget.of(512 * MIB, 4096 * MIB);
        b.fix(100 * MIB, 0, "the data");
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> b.fix(0, 300 * MIB, "the ONNX Runtime sessions"));
        assertEquals("memory: expected a budget larger than the fixed overhead: the JVM, the data and the ONNX Runtime"
                + " sessions need 592.0 MiB, found a budget of 512.0 MiB", e.getMessage());
    }

    @Test
    void aTaskThatCanNeverFitNamesTheWorkTheNeedAndTheBudget() {
        MemoryBudget b = MemoryBudget.of(1024 * MIB, 4096 * MIB);
        b.fix(64 * MIB, 0, "the data");
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> b.reserve(700 * MIB, 200 * MIB, "block conv1 (estimating trial 1 of 10)"));
        assertEquals("memory: block conv1 (estimating trial 1 of 10) needs 900.0 MiB, found a budget of 1.0 GiB of"
                + " which 256.0 MiB is fixed (the JVM, the data); expected a larger budget or fewer samples",
                e.getMessage());
    }

    @Test
    void theHeapBindsWhenTheJvmHasLessThanTheBudget() {
        MemoryBudget b = MemoryBudget.of(8192 * MIB, 100 * MIB);
        assertEquals((long) (0.85 * 100 * MIB), b.heapCapacity());
        assertFalse(b.possible(90 * MIB, 0));
        assertTrue(b.possible(10 * MIB, 2000 * MIB));
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> b.requirePossible(90 * MIB, 0, "block pool1 (estimating one trial)"));
        assertEquals("memory: block pool1 (estimating one trial) needs 90.0 MiB on the Java heap (90.0 MiB in all), found"
                + " a usable heap of 85.0 MiB (85% of a maximum heap of 100.0 MiB) of which 0 bytes is fixed; expected a"
                + " larger heap (the launcher gives the JVM 63% of --memory) or fewer samples", e.getMessage());
    }

    @Test
    void reservationsWaitForMemoryAndReleaseIt() throws InterruptedException {
        MemoryBudget b = MemoryBudget.of(1024 * MIB, 4096 * MIB);
        long cap = b.taskCapacity();
        MemoryBudget.Reservation first = b.reserve(cap - 10 * MIB, 0, "first");
        assertNull(b.tryReserve(20 * MIB, 0), "no room now");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch granted = new CountDownLatch(1);
        AtomicBoolean early = new AtomicBoolean();
        Thread t = new Thread(() -> {
            started.countDown();
            try (MemoryBudget.Reservation r = b.reserve(20 * MIB, 0, "second")) {
                granted.countDown();
            }
        });
        t.start();
        started.await();
        early.set(granted.await(200, TimeUnit.MILLISECONDS));
        assertFalse(early.get(), "the second task waits while the first holds the memory");
        first.close();
        assertTrue(granted.await(10, TimeUnit.SECONDS), "and runs once it is released");
        t.join();
        assertEquals(0, b.reserved());
        first.close();
        assertEquals(0, b.reserved(), "closing twice releases once");
        assertNotNull(b.tryReserve(cap, 0));
    }

    @Test
    void aTaskExtendsItsReservationWhenThereIsRoomAndReturnsItOnClose() {
        MemoryBudget b = MemoryBudget.of(1024 * MIB, 4096 * MIB);
        long cap = b.taskCapacity();
        try (MemoryBudget.Reservation task = b.reserve(100 * MIB, 0, "task")) {
            MemoryBudget.Reservation more = task.extend(50 * MIB, 10 * MIB, "task, factors");
            assertEquals(160 * MIB, b.reserved());
            assertEquals(60 * MIB, more.bytes());
            more.close();
            assertEquals(100 * MIB, b.reserved());
            InvalidOptionException never = assertThrows(InvalidOptionException.class,
                    () -> task.extend(cap, 0, "block conv1 (trial 1, factors of rank 40)"));
            assertTrue(never.getMessage().startsWith("memory: block conv1 (trial 1, factors of rank 40) needs 932.0 MiB"),
                    never.getMessage());
            assertEquals(100 * MIB, b.reserved(), "a refused extension reserves nothing");
            MemoryBudget.Reservation own = task.extend(cap - 150 * MIB, 0, "own");
            InvalidOptionException blocked = assertThrows(InvalidOptionException.class,
                    () -> task.extend(100 * MIB, 0, "block x (rank 9)"));
            assertTrue(blocked.getMessage().contains("more beside what this task already holds"), blocked.getMessage());
            own.close();
        }
        assertEquals(0, b.reserved());
        MemoryBudget.Reservation held = b.hold(MIB, 0, "results");
        assertThrows(IllegalStateException.class, () -> held.extend(MIB, 0, "held"), "only tasks extend");
        held.close();
        MemoryBudget.Reservation closed = b.reserve(MIB, 0, "closed");
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.extend(MIB, 0, "closed"));
    }

    @Test
    void anExtensionWaitsForAnotherTaskAndNewTasksWaitBehindIt() throws Exception {
        MemoryBudget b = MemoryBudget.of(1024 * MIB, 4096 * MIB);
        long cap = b.taskCapacity();
        MemoryBudget.Reservation other = b.reserve(cap / 2, 0, "other");
        MemoryBudget.Reservation task = b.reserve(cap / 4, 0, "task");
        CountDownLatch extended = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<MemoryBudget.Reservation> more = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(() -> {
            more.set(task.extend(cap / 2, 0, "task, factors"));
            extended.countDown();
        });
        t.start();
        assertFalse(extended.await(200, TimeUnit.MILLISECONDS), "waits while the other task holds the memory");
        CountDownLatch admitted = new CountDownLatch(1);
        Thread late = new Thread(() -> {
            try (MemoryBudget.Reservation r = b.reserve(MIB, 0, "late")) {
                admitted.countDown();
            }
        });
        late.start();
        assertFalse(admitted.await(200, TimeUnit.MILLISECONDS), "a new task waits behind a pending extension");
        other.close();
        assertTrue(extended.await(10, TimeUnit.SECONDS), "granted once the other task is done");
        t.join();
        assertTrue(admitted.await(10, TimeUnit.SECONDS));
        late.join();
        more.get().close();
        task.close();
        assertEquals(0, b.reserved());
    }

    @Test
    void whenEveryTaskWaitsToExtendTheYoungestGivesWay() throws Exception {
        MemoryBudget b = MemoryBudget.of(1024 * MIB, 4096 * MIB);
        long cap = b.taskCapacity();
        MemoryBudget.Reservation elder = b.reserve(cap / 3, 0, "elder");
        MemoryBudget.Reservation younger = b.reserve(cap / 3, 0, "younger");
        CountDownLatch elderGranted = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<MemoryBudget.Reservation> more = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(() -> {
            more.set(elder.extend(cap / 2, 0, "elder, factors"));
            elderGranted.countDown();
        });
        t.start();
        assertFalse(elderGranted.await(200, TimeUnit.MILLISECONDS), "the elder waits: the younger task runs");
        MemoryBudget.Contention c = assertThrows(MemoryBudget.Contention.class,
                () -> younger.extend(cap / 2, 0, "block b (trial 2)"));
        assertTrue(c.getMessage().startsWith("block b (trial 2): every task holding memory waits for more"),
                c.getMessage());
        assertFalse(elderGranted.await(200, TimeUnit.MILLISECONDS), "the elder still waits for the younger's memory");
        younger.close();
        assertTrue(elderGranted.await(10, TimeUnit.SECONDS), "and gets it once the younger gives way");
        t.join();
        more.get().close();
        elder.close();
        assertEquals(0, b.reserved());
    }
}
