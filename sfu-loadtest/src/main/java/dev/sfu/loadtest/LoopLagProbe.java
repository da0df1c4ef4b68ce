package dev.sfu.loadtest;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How late the load tool's own event loops run what is due: a task on each loop every
 * {@value #PERIOD_MICROS} µs records how long after its due time it ran. A loop busy decrypting and checking
 * one peer's batch of datagrams makes every other peer's datagrams wait in their sockets just as long, and Java
 * cannot read the kernel's arrival time (no {@code SO_TIMESTAMPNS}), so this lag is the measure of the
 * receive-side queueing the tool adds to the latencies it reports.
 *
 * <p>Fixed rate, the due times are the task's own schedule: after a loop stalled for 5 ms the runs that were
 * due meanwhile record 5, 4, 3 ... ms, as datagrams arriving during the stall would have waited (no
 * coordinated omission). One histogram for all loops; nothing is allocated per run.
 */
final class LoopLagProbe implements AutoCloseable {
    static final long PERIOD_MICROS = 1000;

    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    LoopLagProbe(EventLoopGroup group, LatencyHistogram lag) {
        for (EventExecutor loop : group) {
            long period = PERIOD_MICROS * 1000;
            long[] due = {System.nanoTime() + period};
            tasks.add(loop.scheduleAtFixedRate(() -> {
                lag.recordNanos(System.nanoTime() - due[0]);
                due[0] += period;
            }, period, period, TimeUnit.NANOSECONDS));
        }
    }

    /** Loops probed. */
    int loops() {
        return tasks.size();
    }

    @Override
    public void close() {
        for (ScheduledFuture<?> task : tasks) {
            task.cancel(false);
        }
    }
}
