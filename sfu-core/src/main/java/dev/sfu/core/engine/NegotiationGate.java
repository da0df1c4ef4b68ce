package dev.sfu.core.engine;

import dev.sfu.core.model.SfuException;
import io.netty.channel.EventLoop;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Lets SDP negotiations onto one media loop one at a time. Negotiating an offer is the heaviest control work the
 * loop does (parse, validate, publish, subscribe, write the answer: around a millisecond); a burst of them queued
 * at once (many participants re-offering, or a hostile one) would run back to back and hold every room's
 * forwarding on that loop for as long. Through the gate a negotiation is handed to the loop only when the previous
 * one has finished, and at most one per loop iteration, so packets are read between any two. The waiting line is outside the loop, in arrival order,
 * and short: each participant has at most one offer in flight (the signaling session refuses a second).
 *
 * <p>Thread-safe: offers arrive from any thread; completions run on the loop.
 */
final class NegotiationGate {
    /** Negotiations handed to the loop at once. */
    static final int MAX_ON_LOOP = 1;

    private final EventLoop loop;
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger onLoop = new AtomicInteger();

    NegotiationGate(EventLoop loop) {
        this.loop = loop;
    }

    /** Runs {@code work} on the loop once the negotiations before it are done. */
    <T> CompletableFuture<T> submit(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        waiting.add(() -> runOnLoop(work, result));
        pump();
        return result;
    }

    /**
     * Schedules {@code work} (delay 0) instead of executing it: Netty moves due scheduled tasks into its task queue
     * once per loop iteration, before it runs the queue, so a negotiation handed over while the loop runs tasks
     * waits for the next iteration, after the loop has read its sockets. Back to back negotiations therefore
     * alternate with packet reads, one per iteration, however fast the offers come.
     */
    private <T> void runOnLoop(Supplier<T> work, CompletableFuture<T> result) {
        try {
            loop.schedule(() -> {
                try {
                    result.complete(work.get());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                } finally {
                    onLoop.decrementAndGet();
                    pump();
                }
            }, 0, TimeUnit.NANOSECONDS);
        } catch (RuntimeException rejected) {
            onLoop.decrementAndGet();
            result.completeExceptionally(new SfuException("shutting_down", "the media plane is shutting down"));
        }
    }

    /** Negotiations waiting for their turn (not yet on the loop). */
    int waiting() {
        return waiting.size();
    }

    private void pump() {
        while (!waiting.isEmpty()) {
            int running = onLoop.get();
            if (running >= MAX_ON_LOOP) {
                return;
            }
            if (!onLoop.compareAndSet(running, running + 1)) {
                continue;
            }
            Runnable next = waiting.poll();
            if (next == null) {
                onLoop.decrementAndGet(); // another thread took it; look again
                continue;
            }
            next.run();
        }
    }
}
