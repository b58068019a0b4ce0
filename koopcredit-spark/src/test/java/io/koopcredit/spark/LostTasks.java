package io.koopcredit.spark;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Counts the tasks that did not end well on the driver ({@code spark.extraListeners}): the fault test's
 * evidence that a task was lost with the killed worker and run again.
 */
public final class LostTasks extends SparkListener {
    /** Tasks that ended in failure (lost with their executor, say) since the last reset. */
    static final AtomicInteger FAILED = new AtomicInteger();

    /** Created by Spark from {@code spark.extraListeners}. */
    public LostTasks() {
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.reason() != Success$.MODULE$) {
            FAILED.incrementAndGet();
        }
    }
}
