package dev.sfu.loadtest;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * How long work handed to the load tool's own event loops waits before they run it: every
 * {@value #PERIOD_MICROS} µs one probe thread hands each loop a task stamped with the time, and the task
 * records how late it ran. A datagram arriving for a peer waits the same way while its loop finishes what it
 * is doing (decrypting and checking other peers' batches, timers), and Java cannot read the kernel's arrival
 * time (no {@code SO_TIMESTAMPNS}), so this lag is the measure of the receive-side queueing the tool adds to
 * the latencies it reports. (A fixed-rate timer task is no probe: on Netty's epoll loop a 1 ms timer ran
 * ~1.5 ms late even on an idle loop, its timer granularity, which would read as lag.)
 *
 * <p>Sampled, not every moment: a loop's next probe goes out only once its last one ran, so a loop stuck
 * for 5 ms shows one 5 ms sample. One thread for the whole tool (not per peer); the probes are allocated
 * once and recording allocates nothing.
 */
final class LoopLagProbe implements AutoCloseable {
    static final long PERIOD_MICROS = 1000;

    /** The task handed to one loop; {@code submittedAt} and {@code pending} pass between the two threads. */
    private static final class Probe implements Runnable {
        final EventExecutor loop;
        final LatencyHistogram lag;
        volatile long submittedAt;
        volatile boolean pending;

        Probe(EventExecutor loop, LatencyHistogram lag) {
            this.loop = loop;
            this.lag = lag;
        }

        @Override
        public void run() {
            lag.recordNanos(System.nanoTime() - submittedAt);
            pending = false;
        }
    }

    private final List<Probe> probes = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    LoopLagProbe(EventLoopGroup group, LatencyHistogram lag) {
        for (EventExecutor loop : group) {
            probes.add(new Probe(loop, lag));
        }
        thread = new Thread(this::probe, "load-lag-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void probe() {
        while (running) {
            for (Probe p : probes) {
                if (!p.pending) {
                    p.pending = true;
                    p.submittedAt = System.nanoTime();
                    try {
                        p.loop.execute(p);
                    } catch (RejectedExecutionException e) {
                        return; // the group is shutting down
                    }
                }
            }
            LockSupport.parkNanos(PERIOD_MICROS * 1000);
        }
    }

    /** Loops probed. */
    int loops() {
        return probes.size();
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
